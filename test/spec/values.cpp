// Values in the script protocol: arguments from the JSON's decimal bit patterns to "type:hex"
// tokens, and results compared against expectations, including the NaN classes
// (nan:canonical, nan:arithmetic) per float and per float lane of a v128.
#include "test/spec/harness.h"

#include "llvm/ADT/StringExtras.h"

#include <cinttypes>

namespace w2n::spec {

namespace {

unsigned laneBytes(llvm::StringRef laneType) {
  if (laneType == "i8") return 1;
  if (laneType == "i16") return 2;
  if (laneType == "i32" || laneType == "f32") return 4;
  if (laneType == "i64" || laneType == "f64") return 8;
  return 0;
}

bool parseDecimal(llvm::StringRef text, uint64_t &out) { return !text.getAsInteger(10, out); }

std::string hexDigits(uint64_t value, unsigned bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*" PRIx64, static_cast<int>(bytes * 2), value);
  return buffer;
}

// Does the bit pattern `bits` of a float of `bytes` bytes match the expectation text?
bool floatMatches(llvm::StringRef expected, uint64_t bits, unsigned bytes) {
  uint64_t signless = bytes == 4 ? 0x7fffffffull : 0x7fffffffffffffffull;
  uint64_t quietNan = bytes == 4 ? 0x7fc00000ull : 0x7ff8000000000000ull;
  if (expected == "nan:canonical") return (bits & signless) == quietNan;
  if (expected == "nan:arithmetic") return (bits & quietNan) == quietNan;
  uint64_t want;
  return parseDecimal(expected, want) && want == bits;
}

bool laneMatches(llvm::StringRef laneType, llvm::StringRef expected, uint64_t bits) {
  unsigned bytes = laneBytes(laneType);
  if (laneType.starts_with("f")) return floatMatches(expected, bits, bytes);
  uint64_t want;
  if (!parseDecimal(expected, want)) return false;
  uint64_t mask = bytes == 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
  return (want & mask) == bits;
}

// One result token ("i32:0000002a") against one expectation.
bool valueMatches(const WastValue &expected, llvm::StringRef token) {
  auto [type, payload] = token.split(':');
  if (type != expected.type) return false;
  if (type == "funcref" || type == "externref") {
    if (!expected.hasValue || expected.text.empty())
      return payload != "null"; // any non-null reference
    if (expected.text[0] == "null") return payload == "null";
    uint64_t want, got;
    if (!parseDecimal(expected.text[0], want) || payload.getAsInteger(16, got)) return false;
    return type == "funcref" ? payload != "null" : got == want + 1;
  }
  if (!expected.hasValue) return true;
  if (type == "v128") {
    unsigned bytes = laneBytes(expected.laneType);
    if (bytes == 0 || payload.size() != 32 || expected.text.size() != 16 / bytes) return false;
    std::string raw;
    if (!llvm::tryGetFromHex(payload, raw)) return false;
    for (unsigned lane = 0; lane < 16 / bytes; ++lane) {
      uint64_t bits = 0;
      for (unsigned b = 0; b < bytes; ++b)
        bits |= uint64_t(uint8_t(raw[lane * bytes + b])) << (8 * b);
      if (!laneMatches(expected.laneType, expected.text[lane], bits)) return false;
    }
    return true;
  }
  uint64_t bits;
  if (expected.text.size() != 1 || payload.getAsInteger(16, bits)) return false;
  if (type == "f32" || type == "f64")
    return floatMatches(expected.text[0], bits, type == "f32" ? 4 : 8);
  uint64_t want;
  return parseDecimal(expected.text[0], want) && want == bits;
}

} // namespace

std::string hexName(llvm::StringRef name) {
  return name.empty() ? "-" : llvm::toHex(name, /*LowerCase=*/true);
}

llvm::Expected<std::string> encodeArgument(const WastValue &value) {
  const std::string &type = value.type;
  if (!value.hasValue || value.text.empty())
    return llvm::createStringError("argument of type %s without a value", type.c_str());
  if (type == "funcref" || type == "externref") {
    if (value.text[0] == "null") return type + ":null";
    uint64_t n;
    if (type == "funcref" || !parseDecimal(value.text[0], n))
      return llvm::createStringError("unsupported %s argument %s", type.c_str(),
                                     value.text[0].c_str());
    return type + ":" + hexDigits(n + 1, 8); // ref.extern N is the pointer value N+1
  }
  if (type == "v128") {
    unsigned bytes = laneBytes(value.laneType);
    if (bytes == 0 || value.text.size() != 16 / bytes)
      return llvm::createStringError("bad v128 argument");
    std::string hex;
    for (const std::string &lane : value.text) {
      uint64_t bits;
      if (!parseDecimal(lane, bits))
        return llvm::createStringError("bad v128 lane %s", lane.c_str());
      for (unsigned b = 0; b < bytes; ++b)
        hex += hexDigits((bits >> (8 * b)) & 0xff, 1);
    }
    return "v128:" + hex;
  }
  unsigned bytes = (type == "i32" || type == "f32") ? 4 : (type == "i64" || type == "f64") ? 8 : 0;
  uint64_t bits;
  if (bytes == 0 || !parseDecimal(value.text[0], bits))
    return llvm::createStringError("unsupported argument %s:%s", type.c_str(),
                                   value.text[0].c_str());
  return type + ":" + hexDigits(bits, bytes);
}

std::string compareResults(const std::vector<WastValue> &expected,
                           const std::vector<std::string> &actual) {
  if (expected.size() != actual.size())
    return "expected " + std::to_string(expected.size()) + " results, got " +
           std::to_string(actual.size());
  for (size_t i = 0; i < expected.size(); ++i)
    if (!valueMatches(expected[i], actual[i])) return "result " + std::to_string(i) + " differs";
  return "";
}

std::string describeExpected(const std::vector<WastValue> &expected) {
  std::string out;
  for (const WastValue &value : expected) {
    if (!out.empty()) out += ' ';
    out += value.type;
    if (!value.laneType.empty()) out += "x" + value.laneType;
    if (!value.hasValue) continue;
    out += ':';
    for (size_t i = 0; i < value.text.size(); ++i)
      out += (i ? "," : "") + value.text[i];
  }
  return out;
}

} // namespace w2n::spec
