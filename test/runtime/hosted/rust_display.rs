// Checks the lines decimal_float_diff --emit writes against Rust itself: Display of f64/f32 is
// what WAVE's writer prints (NaN aside, which it writes as "nan"), and str::parse is what its
// reader uses. "d BITS TEXT", "f BITS TEXT": TEXT must be Display; "p TEXT F64 F32": the bits
// must be TEXT parsed as f64 and as f32.
use std::io::{self, BufRead};

fn main() {
    let (mut checked, mut bad) = (0u64, 0u64);
    for line in io::stdin().lock().lines() {
        let line = line.expect("read");
        let f: Vec<&str> = line.split(' ').collect();
        let ok = match f[0] {
            "d" => {
                let v = f64::from_bits(u64::from_str_radix(f[1], 16).unwrap());
                let want = if v.is_nan() { "nan".to_string() } else { v.to_string() };
                want == f[2]
            }
            "f" => {
                let v = f32::from_bits(u32::from_str_radix(f[1], 16).unwrap());
                let want = if v.is_nan() { "nan".to_string() } else { v.to_string() };
                want == f[2]
            }
            "p" => {
                let d: f64 = f[1].parse().unwrap();
                let s: f32 = f[1].parse().unwrap();
                format!("{:016x}", d.to_bits()) == f[2] && format!("{:08x}", s.to_bits()) == f[3]
            }
            _ => false,
        };
        checked += 1;
        if !ok {
            bad += 1;
            if bad <= 20 {
                println!("MISMATCH {}", line);
            }
        }
    }
    println!("rust: {} checked against Display and parse, {} mismatches", checked, bad);
    std::process::exit(if bad == 0 { 0 } else { 1 });
}
