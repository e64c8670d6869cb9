// The wasm2native command line, run in-process through the driver library: option errors, input
// and output errors (one line, exit status 1, nothing written), validate, and the emit kinds.
#include "test/unit/driver_test_support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace w2n::test;

namespace {

bool isOneErrorLine(const CliResult &r) {
  return r.status == 1 && countLines(r.err) == 1 && r.err.rfind("wasm2native: error: ", 0) == 0;
}

} // namespace

TEST_CASE("--help describes every option and the validate command", "[driver]") {
  CliResult r = runCli({"--help"});
  REQUIRE(r.status == 0);
  for (const char *word : {"-o", "--target", "x86_64-linux", "aarch64-linux", "-O", "--emit", "exe",
                           "obj", "asm", "llvm", "--cpu", "native", "--version", "validate"})
    CHECK(r.out.find(word) != std::string::npos);
  CHECK(r.err.empty());
}

TEST_CASE("--version names the compiler and LLVM", "[driver]") {
  CliResult r = runCli({"--version"});
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("wasm2native ", 0) == 0);
  CHECK(r.out.find("LLVM 19") != std::string::npos);
}

TEST_CASE("bad flags are one error line and exit status 1", "[driver]") {
  TempDir dir;
  std::string input = dir.file("m.wasm");
  writeBytes(input, kEmptyModule);
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{input, "--bogus"},
                                             {input, "--target", "mips-linux"},
                                             {input, "-O7"},
                                             {input, "--emit=elf"},
                                             {input, "-o"},
                                             {input, "other.wasm"},
                                             {"validate"}}) {
    INFO("args: " << args[0] << " " << args.back());
    CliResult r = runCli(args);
    CHECK(isOneErrorLine(r));
    CHECK(r.out.empty());
  }
  CHECK(dir.entries() == std::vector<std::string>{"m.wasm"});
}

TEST_CASE("no input file is an error", "[driver]") {
  CliResult r = runCli({});
  CHECK(isOneErrorLine(r));
}

TEST_CASE("a missing input file is one error line naming it", "[driver]") {
  TempDir dir;
  CliResult r = runCli({dir.file("missing.wasm"), "-o", dir.file("out")});
  CHECK(isOneErrorLine(r));
  CHECK(r.err.find("missing.wasm") != std::string::npos);
  CHECK(dir.entries().empty());
}

TEST_CASE("an input that is a directory is an error", "[driver]") {
  TempDir dir;
  CliResult r = runCli({dir.path.str().str(), "-o", dir.file("out")});
  CHECK(isOneErrorLine(r));
  CHECK(dir.entries().empty());
}

TEST_CASE("an unwritable output path is an error and nothing is written", "[driver]") {
  TempDir dir;
  std::string input = dir.file("m.wasm");
  writeBytes(input, kEmptyModule);
  SECTION("missing directory") {
    CliResult r = runCli({input, "-o", dir.file("no/such/dir/out")});
    CHECK(isOneErrorLine(r));
    CHECK(r.err.find("no/such/dir/out") != std::string::npos);
  }
  SECTION("output is a directory") {
    llvm::sys::fs::create_directory(dir.file("sub"));
    CliResult r = runCli({input, "-o", dir.file("sub"), "--emit=obj"});
    CHECK(isOneErrorLine(r));
    CHECK(dir.entries().size() == 2);
  }
  SECTION("a directory where nothing can be created") {
    // /proc refuses new files even for root, so this holds whoever runs the test.
    CliResult r = runCli({input, "-o", "/proc/w2n-test-output", "--emit=obj"});
    CHECK(isOneErrorLine(r));
    CHECK(!llvm::sys::fs::exists("/proc/w2n-test-output"));
  }
  for (const std::string &name : dir.entries())
    CHECK((name == "m.wasm" || name == "sub"));
}

TEST_CASE("a malformed module is reported with its file and offset", "[driver]") {
  TempDir dir;
  std::string input = dir.file("bad.wasm");
  writeBytes(input, kBadVersionModule);
  CliResult r = runCli({input, "-o", dir.file("out")});
  CHECK(r.status == 1);
  CHECK(r.err.rfind(input + ":0x4: error: ", 0) == 0);
  CHECK(countLines(r.err) == 1);
  CHECK(!llvm::sys::fs::exists(dir.file("out")));
}

TEST_CASE("validate: exit 0 for a valid module, file:offset lines otherwise", "[driver]") {
  TempDir dir;
  std::string good = dir.file("good.wasm"), bad = dir.file("bad.wasm");
  writeBytes(good, kEmptyModule);
  writeBytes(bad, kInvalidModule);

  CliResult ok = runCli({"validate", good});
  CHECK(ok.status == 0);
  CHECK(ok.err.empty());
  CHECK(ok.out.empty());

  CliResult r = runCli({"validate", good, bad, dir.file("missing.wasm")});
  CHECK(r.status == 1);
  REQUIRE(countLines(r.err) == 2);
  std::string first = r.err.substr(0, r.err.find('\n'));
  REQUIRE(first.rfind(bad + ":0x", 0) == 0);
  // The offset lies in the code section (0x15..0x1b), where the function body is.
  unsigned long offset = std::stoul(first.substr(bad.size() + 3), nullptr, 16);
  CHECK(offset >= 0x15);
  CHECK(offset <= 0x1b);
  CHECK(first.find(": error: ") != std::string::npos);
  CHECK(r.err.find("wasm2native: error: cannot read '" + dir.file("missing.wasm")) !=
        std::string::npos);
}

TEST_CASE("--emit=obj writes an ELF object for the target", "[driver]") {
  TempDir dir;
  std::string input = dir.file("m.wasm");
  writeBytes(input, kExit7Module);
  CliResult x = runCli({input, "--emit=obj", "-o", dir.file("x.o"), "--target", "x86_64-linux"});
  INFO(x.err);
  REQUIRE(x.status == 0);
  ElfFacts fx = inspectElf(dir.file("x.o"));
  CHECK(fx.isElf64);
  CHECK(fx.type == 1);     // ET_REL
  CHECK(fx.machine == 62); // EM_X86_64
  CliResult a = runCli({input, "--emit=obj", "-o", dir.file("a.o"), "--target", "aarch64-linux"});
  REQUIRE(a.status == 0);
  CHECK(inspectElf(dir.file("a.o")).machine == 183); // EM_AARCH64
}

TEST_CASE("--emit=llvm and --emit=asm write text with the program entry", "[driver]") {
  TempDir dir;
  std::string input = dir.file("m.wasm");
  writeBytes(input, kExit7Module);
  REQUIRE(runCli({input, "--emit=llvm", "-O0", "-o", dir.file("m.ll")}).status == 0);
  std::string ir = readText(dir.file("m.ll"));
  CHECK(ir.find("define") != std::string::npos);
  CHECK(ir.find("__w2n_program_main") != std::string::npos);
  REQUIRE(runCli({input, "--emit=asm", "-o", dir.file("m.s")}).status == 0);
  CHECK(readText(dir.file("m.s")).find("__w2n_program_main:") != std::string::npos);
}

TEST_CASE("output is deterministic", "[driver]") {
  TempDir dir;
  std::string input = dir.file("m.wasm");
  writeBytes(input, kExit7Module);
  REQUIRE(runCli({input, "--emit=obj", "-o", dir.file("1.o")}).status == 0);
  REQUIRE(runCli({input, "--emit=obj", "-o", dir.file("2.o")}).status == 0);
  CHECK(readText(dir.file("1.o")) == readText(dir.file("2.o")));
}

TEST_CASE("--cpu: native works on the host target, unknown names are errors", "[driver]") {
  TempDir dir;
  std::string input = dir.file("m.wasm");
  writeBytes(input, kEmptyModule);
  CHECK(runCli({input, "--emit=obj", "--cpu", "native", "-o", dir.file("n.o")}).status == 0);
  CliResult r = runCli({input, "--emit=obj", "--cpu", "pentium-9000", "-o", dir.file("p.o")});
  CHECK(isOneErrorLine(r));
  CHECK(!llvm::sys::fs::exists(dir.file("p.o")));
}

TEST_CASE("default output names", "[driver]") {
  using w2n::driver::defaultOutputPath;
  using w2n::driver::OutputKind;
  CHECK(defaultOutputPath("dir/hello.wasm", OutputKind::Executable) == "hello");
  CHECK(defaultOutputPath("hello.wasm", OutputKind::Object) == "hello.o");
  CHECK(defaultOutputPath("hello.wasm", OutputKind::Assembly) == "hello.s");
  CHECK(defaultOutputPath("hello.wasm", OutputKind::LlvmIr) == "hello.ll");
  // Without .wasm, the plain name could be the input itself.
  CHECK(defaultOutputPath("hello", OutputKind::Executable) == "hello.out");
}

namespace {

// The README's usage block: the first ``` block after "## Usage".
std::string readmeUsage() {
  std::string readme = readText(W2N_README);
  size_t section = readme.find("\n## Usage");
  REQUIRE(section != std::string::npos);
  size_t open = readme.find("```", section);
  size_t close = readme.find("```", open + 3);
  REQUIRE(close != std::string::npos);
  return readme.substr(open + 3, close - open - 3);
}

// The top-level [...] groups of the main command's lines (those starting with the input),
// nested brackets (HOST[::GUEST]) kept inside their group.
std::vector<std::string> usageGroups(const std::string &usage) {
  std::string main = usage.substr(0, usage.find("wasm2native validate"));
  std::vector<std::string> groups;
  int depth = 0;
  std::string current;
  for (char c : main) {
    if (c == '[' && depth++ == 0) continue;
    if (c == ']' && --depth == 0) {
      groups.push_back(current);
      current.clear();
      continue;
    }
    if (depth > 0) current += c;
  }
  return groups;
}

// The option a group documents, and each way of writing it with a value.
struct Documented {
  std::string option;
  std::vector<std::vector<std::string>> spellings;
};

Documented documented(const std::string &group, const std::string &out) {
  // Values for placeholders (upper-case words), per option.
  const std::map<std::string, std::string> samples = {{"-o", out},
                                                      {"--cpu", "x86-64"},
                                                      {"--dir", "."},
                                                      {"--env", "A=1"},
                                                      {"--max-instances", "5"},
                                                      {"--max-definitions", "5"},
                                                      {"--plug", "impl.wasm"},
                                                      {"--header", "x.h"},
                                                      {"--cache-dir", "cache"}};
  Documented d;
  if (group.rfind("-O", 0) == 0) { // -O0|-O1|...: the value is attached
    d.option = "-O";
    llvm::SmallVector<llvm::StringRef, 4> alts;
    llvm::StringRef(group).split(alts, '|');
    for (llvm::StringRef alt : alts)
      d.spellings.push_back({alt.str()});
    return d;
  }
  size_t end = group.find_first_of(" =");
  d.option = group.substr(0, end);
  if (end == std::string::npos) {
    d.spellings.push_back({d.option});
    return d;
  }
  bool attached = group[end] == '=';
  llvm::SmallVector<llvm::StringRef, 4> alts;
  llvm::StringRef(group).substr(end + 1).split(alts, '|');
  for (llvm::StringRef alt : alts) {
    std::string value = alt.str();
    if (std::any_of(value.begin(), value.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      auto sample = samples.find(d.option);
      INFO("no sample value for " << d.option << " in the test");
      REQUIRE(sample != samples.end());
      value = sample->second;
    }
    if (attached)
      d.spellings.push_back({d.option + "=" + value});
    else
      d.spellings.push_back({d.option, value});
  }
  return d;
}

} // namespace

TEST_CASE("the README's usage and --help list exactly the options the parser knows", "[driver]") {
  std::string usage = readmeUsage();
  std::string help = runCli({"--help"}).out;
  std::set<std::string> inReadme;
  for (const std::string &group : usageGroups(usage))
    inReadme.insert(documented(group, "x").option);
  std::set<std::string> known;
  for (const std::string &name : w2n::driver::commandLineOptions()) {
    if (name == "--help" || name == "-h" || name == "--version" || name == "--output") continue;
    known.insert(name);
    INFO(name);
    CHECK(help.find(name + " ") != std::string::npos);
  }
  CHECK(inReadme == known);
  // The usage lines of the other commands are there too.
  CHECK(usage.find("wasm2native validate [--features LIST] FILE...") != std::string::npos);
  CHECK(usage.find("wasm2native wit COMPONENT.wasm") != std::string::npos);
  CHECK(help.find("wasm2native validate [--features LIST] FILE...") != std::string::npos);
}

TEST_CASE("every documented way of writing an option parses", "[driver]") {
  for (const std::string &group : usageGroups(readmeUsage())) {
    Documented d = documented(group, "out");
    for (const std::vector<std::string> &spelling : d.spellings) {
      std::vector<std::string> args = {"wasm2native", "in.wasm"};
      args.insert(args.end(), spelling.begin(), spelling.end());
      // Options that only go with another one get it.
      if (d.option == "--header") args.push_back("--emit=lib");
      std::vector<const char *> argv;
      for (const std::string &arg : args)
        argv.push_back(arg.c_str());
      auto cmd = w2n::driver::parseCommandLine(int(argv.size()), argv.data());
      INFO(group << ": " << spelling.front());
      if (!cmd) FAIL(llvm::toString(cmd.takeError()));
      CHECK(cmd->kind == w2n::driver::Command::Kind::Compile);
    }
  }
}

TEST_CASE("an empty option value is its own error and never takes the next argument", "[driver]") {
  for (const char *option : {"--emit=", "--target=", "--cpu=", "--features="}) {
    CliResult r = runCli({"in.wasm", option, "-o", "x"});
    INFO(option);
    CHECK(isOneErrorLine(r));
    CHECK(r.err.find("has an empty value") != std::string::npos);
  }
}

TEST_CASE("the subcommands' help ends with their own usage", "[driver]") {
  CliResult wit = runCli({"wit", "--help"});
  CHECK(wit.status == 0);
  CHECK(wit.out.find("Usage: wasm2native wit COMPONENT.wasm") != std::string::npos);
  CHECK(wit.out.find("INPUT.wasm") == std::string::npos);
  CliResult validate = runCli({"validate", "--help"});
  CHECK(validate.status == 0);
  CHECK(validate.out.find("Usage: wasm2native validate") != std::string::npos);
  CHECK(validate.out.find("INPUT.wasm") == std::string::npos);
}
