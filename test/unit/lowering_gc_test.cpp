// GC in the lowering: the fixture with every GC instruction (test/unit/fixtures/gc/all.wat)
// lowers to IR that verifies, and so does every single-byte mutation of its code that still
// validates (none may crash the decoder or the lowering).
#include "frontend_wasm_builder.h"
#include "lowering_test_support.h"

#include "llvm/Support/MemoryBuffer.h"

#include <catch2/catch.hpp>

using namespace w2n;
using namespace w2n::test;

namespace {

Bytes fixtureBytes() {
  auto buffer = llvm::MemoryBuffer::getFile(std::string(W2N_UNIT_FIXTURES) + "/gc/all.wasm");
  REQUIRE(buffer);
  const auto *p = reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart());
  return Bytes(p, p + (*buffer)->getBufferSize());
}

} // namespace

TEST_CASE("every GC instruction lowers to IR that verifies", "[lowering][gc]") {
  bool verified = false;
  std::string errors;
  REQUIRE(lowerAndVerify(fixtureBytes(), false, verified, errors));
  INFO(errors);
  CHECK(verified);
}

TEST_CASE("mutations of a GC module never crash the lowering", "[lowering][gc][hostile]") {
  Bytes bin = fixtureBytes();
  std::vector<std::string> failures;
  size_t valid = lowerMutations(bin, {0x00, 0x01, 0x02, 0x63, 0x64, 0x6e, 0xff}, false, failures);
  INFO(failures.size() << " mutations gave IR that does not verify; the first: "
                       << (failures.empty() ? "" : failures[0]));
  CHECK(failures.empty());
  CHECK(valid > 0); // some mutations (constants, field and label indices) keep it valid
}
