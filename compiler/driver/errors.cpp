// How errors reach the user: problems in the input keep their "file:0xOFFSET: error:" lines,
// everything else becomes one "wasm2native: error: ..." line.
#include "compiler/driver/driver.h"

#include "llvm/Support/raw_ostream.h"

namespace w2n::driver {

char InputError::ID = 0;

void InputError::log(llvm::raw_ostream &os) const {
  std::string text = diags_.format(file_);
  if (text.empty()) text = file_ + ": error: the module cannot be compiled\n";
  if (!text.empty() && text.back() == '\n') text.pop_back();
  os << text;
}

std::error_code InputError::convertToErrorCode() const {
  return std::make_error_code(std::errc::invalid_argument);
}

std::string formatError(llvm::Error error) {
  std::string out;
  llvm::handleAllErrors(
      std::move(error),
      [&](const InputError &input) {
        std::string text;
        llvm::raw_string_ostream os(text);
        input.log(os);
        os.flush();
        out += text + "\n";
      },
      [&](const llvm::ErrorInfoBase &other) {
        // One line per error, whatever the message contains.
        std::string message = other.message();
        for (char &c : message)
          if (c == '\n') c = ' ';
        out += "wasm2native: error: " + message + "\n";
      });
  return out;
}

} // namespace w2n::driver
