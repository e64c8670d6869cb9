// Exception handling in the lowering: a hand-built module (as inside a component, where the
// proposal is on) with every kind of catch clause, throw, throw_ref and exnref lowers to IR that
// verifies; and so does every single-byte mutation of it that still validates (none may crash).
#include "frontend_wasm_builder.h"
#include "lowering_test_support.h"

#include <catch2/catch.hpp>

using namespace w2n;
using namespace w2n::test;

namespace {

// f0: () -> i32 with an exnref local:
//   block (type 3: [] -> [i32 exnref])
//     try_table (result i32) (catch_ref 0 0)  i32.const 5; call 1; i32.const 7  end
//     ref.null exn
//   end
//   local.set 0
//   loop  try_table (catch_all 0)  local.get 0; throw_ref  end  end
// f1: (i32) -> ()  local.get 0; throw 0
// tag 0: type 1.
Bytes exceptionsModule() {
  Bytes types = {0x04, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x00, 0x60,
                 0x00, 0x01, 0x7f, 0x60, 0x00, 0x02, 0x7f, 0x69};
  Bytes f0 = {0x01, 0x01, 0x69,                         // one exnref local
              0x02, 0x03,                               // block (type 3)
              0x1f, 0x7f, 0x01, 0x01, 0x00, 0x00,       // try_table (catch_ref 0 0)
              0x41, 0x05, 0x10, 0x01, 0x41, 0x07, 0x0b, // ... end
              0xd0, 0x69, 0x0b,                         // ref.null exn; end
              0x21, 0x00,                               // local.set 0
              0x03, 0x40, 0x1f, 0x40, 0x01, 0x02, 0x00, // loop try_table (catch_all 0)
              0x20, 0x00, 0x0a, 0x0b, 0x0b, 0x0b};      // throw_ref end end end
  Bytes f1 = {0x00, 0x20, 0x00, 0x08, 0x00, 0x0b};
  return cat({header(), section(1, types), section(3, {0x02, 0x02, 0x01}),
              section(13, {0x01, 0x00, 0x01}),
              section(10, cat({u(2), u(f0.size()), f0, u(f1.size()), f1}))});
}

} // namespace

TEST_CASE("exception handling lowers to IR that verifies", "[lowering][exceptions]") {
  bool verified = false;
  std::string errors;
  REQUIRE(lowerAndVerify(exceptionsModule(), true, verified, errors));
  INFO(errors);
  CHECK(verified);
}

TEST_CASE("mutations of an exception-handling module never crash the lowering",
          "[lowering][exceptions][hostile]") {
  Bytes bin = exceptionsModule();
  std::vector<std::string> failures;
  size_t valid = lowerMutations(bin, {0x00, 0x01, 0x02, 0x0b, 0x69, 0x7f, 0xff}, true, failures);
  INFO(failures.size() << " mutations gave IR that does not verify; the first: "
                       << (failures.empty() ? "" : failures[0]));
  CHECK(failures.empty());
  CHECK(valid > 0); // some mutations (other labels, constants) keep the module valid
}
