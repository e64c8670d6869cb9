// Reading the JSON that wast2json (wabt 1.0.32) writes for a .wast file into WastCommands.
#include "test/spec/harness.h"

#include "llvm/Support/JSON.h"

namespace w2n::spec {

namespace {

std::string stringField(const llvm::json::Object &object, llvm::StringRef key) {
  if (std::optional<llvm::StringRef> value = object.getString(key)) return value->str();
  return "";
}

llvm::Expected<WastValue> parseValue(const llvm::json::Value &json) {
  const llvm::json::Object *object = json.getAsObject();
  if (!object) return llvm::createStringError("a value is not an object");
  WastValue value;
  value.type = stringField(*object, "type");
  value.laneType = stringField(*object, "lane_type");
  if (const llvm::json::Value *text = object->get("value")) {
    value.hasValue = true;
    if (std::optional<llvm::StringRef> single = text->getAsString()) {
      value.text.push_back(single->str());
    } else if (const llvm::json::Array *lanes = text->getAsArray()) {
      for (const llvm::json::Value &lane : *lanes) {
        std::optional<llvm::StringRef> laneText = lane.getAsString();
        if (!laneText) return llvm::createStringError("a v128 lane is not a string");
        value.text.push_back(laneText->str());
      }
    } else {
      return llvm::createStringError("a value is neither a string nor an array");
    }
  }
  return value;
}

llvm::Error parseValues(const llvm::json::Object &object, llvm::StringRef key,
                        std::vector<WastValue> &out) {
  const llvm::json::Array *array = object.getArray(key);
  if (!array) return llvm::Error::success();
  for (const llvm::json::Value &item : *array) {
    auto value = parseValue(item);
    if (!value) return value.takeError();
    out.push_back(std::move(*value));
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<std::vector<WastCommand>> parseWastJson(llvm::StringRef json) {
  llvm::Expected<llvm::json::Value> root = llvm::json::parse(json);
  if (!root) return root.takeError();
  const llvm::json::Object *top = root->getAsObject();
  const llvm::json::Array *commands = top ? top->getArray("commands") : nullptr;
  if (!commands) return llvm::createStringError("no \"commands\" array");

  std::vector<WastCommand> out;
  for (const llvm::json::Value &item : *commands) {
    const llvm::json::Object *object = item.getAsObject();
    if (!object) return llvm::createStringError("a command is not an object");
    WastCommand command;
    command.type = stringField(*object, "type");
    command.line = static_cast<int>(object->getInteger("line").value_or(0));
    command.name = stringField(*object, "name");
    command.filename = stringField(*object, "filename");
    command.text = stringField(*object, "text");
    command.moduleType = stringField(*object, "module_type");
    command.as = stringField(*object, "as");
    if (const llvm::json::Object *action = object->getObject("action")) {
      WastAction parsed;
      parsed.kind = stringField(*action, "type");
      parsed.module = stringField(*action, "module");
      parsed.field = stringField(*action, "field");
      if (llvm::Error err = parseValues(*action, "args", parsed.args)) return err;
      command.action = std::move(parsed);
    }
    if (llvm::Error err = parseValues(*object, "expected", command.expected)) return err;
    out.push_back(std::move(command));
  }
  return out;
}

} // namespace w2n::spec
