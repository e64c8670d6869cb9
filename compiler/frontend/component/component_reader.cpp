// readComponent: the preamble, the section loop and every section except the type sections
// (component_reader_types.cpp). Structure only; index and type rules are checked by
// validateComponent. Counts never size an allocation beyond the bytes that remain.
#include "compiler/frontend/component/component_reader.h"
#include "compiler/frontend/api.h"
#include "compiler/frontend/component/component_api.h"

#include <cstring>

namespace w2n::component {

namespace {
enum SectionId : uint8_t {
  kCustom = 0,
  kCoreModule = 1,
  kCoreInstance = 2,
  kCoreType = 3,
  kComponent = 4,
  kInstance = 5,
  kAlias = 6,
  kType = 7,
  kCanon = 8,
  kStart = 9,
  kImport = 10,
  kExport = 11,
  kValue = 12,
};

constexpr const char *kEof = "unexpected end-of-file";
constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};

template <typename T>
void addDefinition(Component &out, Definition::Kind kind, uint64_t offset, T item) {
  Definition d;
  d.kind = kind;
  d.offset = offset;
  d.item = std::move(item);
  out.definitions.push_back(std::move(d));
}
} // namespace

bool failAsync(Cursor &c, uint64_t at, const char *what) {
  return c.fail(at, std::string("unsupported feature: component model async (") + what + ")");
}

bool isComponentBinary(const uint8_t *bytes, size_t size) {
  return size >= 8 && std::memcmp(bytes, kMagic, 4) == 0 && bytes[6] == 0x01 && bytes[7] == 0x00;
}

bool readComponent(const uint8_t *bytes, size_t size, Component &out, Diagnostics &diags) {
  out = Component{};
  return ComponentReader(bytes, size, diags).read(0, size, out, 0);
}

bool ComponentReader::read(size_t begin, size_t end, Component &out, unsigned depth) {
  out.bytes = bytes_;
  out.size = size_;
  out.offset = begin;
  out.end = end;
  Cursor c(bytes_, bytes_ + begin, bytes_ + end, diags_, kEof);
  if (!readPreamble(c)) return false;
  while (!c.atEnd()) {
    uint64_t sectionStart = c.offset();
    uint8_t id = 0;
    uint32_t length = 0;
    if (!c.u8(id)) return false;
    if (id > kValue) return c.fail(sectionStart, "malformed section id: " + std::to_string(id));
    const uint8_t *sizeField = c.pos();
    if (!c.u32(length)) return false;
    if (length > c.remaining())
      return c.fail(c.offsetOf(sizeField), "section too large: unexpected end-of-file");
    Cursor section(bytes_, c.pos(), c.pos() + length, diags_, kEof);
    if (!readSection(id, section, out, depth)) return false;
    if (!section.atEnd())
      return section.failHere("unexpected content in the section (section size mismatch)");
    c.setPos(section.end());
  }
  return true;
}

bool ComponentReader::readPreamble(Cursor &c) {
  const uint8_t *magic = nullptr, *version = nullptr;
  if (!c.bytes(4, magic)) return false;
  if (std::memcmp(magic, kMagic, 4) != 0)
    return c.fail(c.offsetOf(magic), "magic header not detected: bad magic number");
  if (!c.bytes(4, version)) return false;
  if (version[2] != 0x01 || version[3] != 0x00) {
    if (version[2] == 0 && version[3] == 0)
      return c.fail(c.offsetOf(version), "expected a component, found a core module");
    return c.fail(c.offsetOf(version) + 2, "unknown binary version and encoding combination");
  }
  if (version[0] != 0x0d || version[1] != 0x00)
    return c.fail(c.offsetOf(version), "unknown binary version: 0x" + std::to_string(version[0]) +
                                           " (this reader supports component binary version 0xd)");
  return true;
}

bool ComponentReader::readSection(uint8_t id, Cursor &c, Component &out, unsigned depth) {
  switch (id) {
  case kCustom:
    return readCustomSection(c, out);
  case kCoreModule:
    return readCoreModuleSection(c, out);
  case kCoreInstance:
    return readCoreInstanceSection(c, out);
  case kCoreType:
    return readCoreTypeSection(c, out);
  case kComponent:
    return readComponentSection(c, out, depth);
  case kInstance:
    return readInstanceSection(c, out);
  case kAlias:
    return readAliasSection(c, out);
  case kType:
    return readTypeSection(c, out, depth);
  case kCanon:
    return readCanonSection(c, out);
  case kStart:
    return readStartSection(c, out);
  case kImport:
    return readImportSection(c, out);
  case kExport:
    return readExportSection(c, out);
  case kValue:
    return readValueSection(c, out);
  }
  return c.failHere("malformed section id");
}

// Custom sections are skipped; the component-name subsection 0 gives the component's name.
bool ComponentReader::readCustomSection(Cursor &c, Component &out) {
  std::string name;
  if (!c.name(name)) return false;
  if (name == "component-name") {
    Diagnostics ignored;
    Cursor sub(bytes_, c.pos(), c.end(), ignored);
    uint8_t subId = 0;
    uint32_t subSize = 0;
    std::string componentName;
    if (sub.u8(subId) && subId == 0 && sub.u32(subSize) && subSize <= sub.remaining() &&
        sub.name(componentName))
      out.name = componentName;
  }
  c.setPos(c.end());
  return true;
}

bool ComponentReader::readCoreModuleSection(Cursor &c, Component &out) {
  auto module = std::make_unique<Module>();
  size_t begin = static_cast<size_t>(c.pos() - bytes_), end = static_cast<size_t>(c.end() - bytes_);
  if (!readModule(bytes_, begin, end, *module, diags_)) return false;
  Definition d;
  d.kind = Definition::Kind::CoreModule;
  d.offset = c.offset();
  d.nested = static_cast<uint32_t>(out.coreModules.size());
  out.coreModules.push_back(std::move(module));
  out.definitions.push_back(std::move(d));
  c.setPos(c.end());
  return true;
}

bool ComponentReader::readComponentSection(Cursor &c, Component &out, unsigned depth) {
  if (depth + 1 >= kMaxNesting) return c.failHere("components nested too deeply");
  auto nested = std::make_unique<Component>();
  size_t begin = static_cast<size_t>(c.pos() - bytes_), end = static_cast<size_t>(c.end() - bytes_);
  if (!read(begin, end, *nested, depth + 1)) return false;
  Definition d;
  d.kind = Definition::Kind::Component;
  d.offset = c.offset();
  d.nested = static_cast<uint32_t>(out.components.size());
  out.components.push_back(std::move(nested));
  out.definitions.push_back(std::move(d));
  c.setPos(c.end());
  return true;
}

bool ComponentReader::readCoreSort(Cursor &c, CoreSort &out) {
  uint64_t at = c.offset();
  uint8_t b = 0;
  if (!c.u8(b)) return false;
  switch (b) {
  case 0x00:
  case 0x01:
  case 0x02:
  case 0x03:
  case 0x04:
  case 0x10:
  case 0x11:
  case 0x12:
    out = static_cast<CoreSort>(b);
    return true;
  }
  return c.fail(at, "invalid leading byte (0x" + fmtHex(b) + ") for core sort");
}

bool ComponentReader::readSort(Cursor &c, SortRef &out) {
  uint64_t at = c.offset();
  uint8_t b = 0;
  if (!c.u8(b)) return false;
  if (b == 0x00) {
    out.sort = Sort::Core;
    return readCoreSort(c, out.core);
  }
  if (b > 0x05) return c.fail(at, "invalid leading byte (0x" + fmtHex(b) + ") for sort");
  out.sort = static_cast<Sort>(b);
  return true;
}

bool ComponentReader::readCoreInstanceSection(Cursor &c, Component &out) {
  auto readArg = [&](CoreInstantiateArg &arg) {
    arg.offset = c.offset();
    uint8_t sort = 0;
    uint32_t index = 0;
    if (!c.name(arg.name)) return false;
    uint64_t sortAt = c.offset();
    if (!c.u8(sort)) return false;
    if (sort != 0x12)
      return c.fail(sortAt, "invalid leading byte (0x" + fmtHex(sort) +
                                ") for core instantiation argument kind");
    if (!c.u32(index)) return false;
    arg.instance = CoreInstanceIndex(index);
    return true;
  };
  auto readExport = [&](CoreInlineExport &e) {
    e.offset = c.offset();
    return c.name(e.name) && readCoreSort(c, e.sort) && c.u32(e.index);
  };
  return readDefinitions<CoreInstanceDef>(
      c, out, Definition::Kind::CoreInstance, [&](CoreInstanceDef &inst) {
        uint8_t form = 0;
        if (!c.u8(form)) return false;
        if (form == 0x00) {
          uint32_t module = 0;
          if (!c.u32(module)) return false;
          inst.module = CoreModuleIndex(module);
          return readVectorInto(c, inst.args, readArg);
        }
        if (form == 0x01) {
          inst.instantiate = false;
          return readVectorInto(c, inst.exports, readExport);
        }
        return c.fail(inst.offset,
                      "invalid leading byte (0x" + fmtHex(form) + ") for core instance type");
      });
}

bool ComponentReader::readInstanceSection(Cursor &c, Component &out) {
  auto readArg = [&](InstantiateArg &arg) {
    arg.offset = c.offset();
    return c.name(arg.name) && readSort(c, arg.item.sort) && c.u32(arg.item.index);
  };
  auto readExport = [&](InlineExport &e) {
    e.offset = c.offset();
    return readExternName(c, e.name) && readSort(c, e.item.sort) && c.u32(e.item.index);
  };
  return readDefinitions<InstanceDef>(c, out, Definition::Kind::Instance, [&](InstanceDef &inst) {
    uint8_t form = 0;
    if (!c.u8(form)) return false;
    if (form == 0x00) {
      uint32_t comp = 0;
      if (!c.u32(comp)) return false;
      inst.component = ComponentIndex(comp);
      return readVectorInto(c, inst.args, readArg);
    }
    if (form == 0x01) {
      inst.instantiate = false;
      return readVectorInto(c, inst.exports, readExport);
    }
    return c.fail(inst.offset, "invalid leading byte (0x" + fmtHex(form) + ") for instance");
  });
}

bool ComponentReader::readAlias(Cursor &c, Alias &out) {
  out.offset = c.offset();
  if (!readSort(c, out.sort)) return false;
  uint64_t at = c.offset();
  uint8_t target = 0;
  if (!c.u8(target)) return false;
  switch (target) {
  case 0x00:
    out.kind = Alias::Kind::InstanceExport;
    return c.u32(out.instance) && c.name(out.name);
  case 0x01:
    out.kind = Alias::Kind::CoreInstanceExport;
    return c.u32(out.instance) && c.name(out.name);
  case 0x02:
    out.kind = Alias::Kind::Outer;
    return c.u32(out.outerCount) && c.u32(out.outerIndex);
  }
  return c.fail(at, "invalid leading byte (0x" + fmtHex(target) + ") for alias");
}

bool ComponentReader::readAliasSection(Cursor &c, Component &out) {
  return readDefinitions<Alias>(c, out, Definition::Kind::Alias,
                                [&](Alias &a) { return readAlias(c, a); });
}

bool ComponentReader::readCanonOptions(Cursor &c, CanonOptions &out) {
  // A duplicate or conflicting option is an error at its offset.
  return readVector(c, [&] {
    uint64_t at = c.offset();
    uint8_t opt = 0;
    if (!c.u8(opt)) return false;
    // An option naming an index (memory, realloc, ...): recorded with its offset, once.
    auto index = [&]<typename I>(std::optional<I> &slot, uint64_t *slotOffset, const char *name) {
      uint32_t i = 0;
      if (!c.u32(i)) return false;
      if (slot)
        return c.fail(at,
                      std::string("canonical option `") + name + "` is specified more than once");
      slot = I(i);
      if (slotOffset) *slotOffset = at;
      return true;
    };
    switch (opt) {
    case 0x00:
    case 0x01:
    case 0x02: {
      auto enc = static_cast<CanonOptions::Encoding>(opt);
      if (out.encoding) {
        static constexpr const char *kNames[] = {"utf8", "utf16", "latin1-utf16"};
        return c.fail(at, std::string("canonical encoding option `") +
                              kNames[static_cast<int>(*out.encoding)] +
                              "` conflicts with option `" + kNames[opt] + "`");
      }
      out.encoding = enc;
      break;
    }
    case 0x03:
      return index(out.memory, &out.memoryOffset, "memory");
    case 0x04:
      return index(out.realloc, &out.reallocOffset, "realloc");
    case 0x05:
      return index(out.postReturn, &out.postReturnOffset, "post-return");
    case 0x06:
      return failAsync(c, at, "`async` canonical option");
    case 0x07:
      return failAsync(c, at, "`callback` canonical option");
    case 0x08:
      return index(out.coreType, nullptr, "core-type");
    case 0x09:
      if (out.gc) return c.fail(at, "canonical option `gc` is specified more than once");
      out.gc = true;
      out.gcOffset = at;
      break;
    default:
      return c.fail(at, "invalid leading byte (0x" + fmtHex(opt) + ") for canonical option");
    }
    return true;
  });
}

bool ComponentReader::readCanonSection(Cursor &c, Component &out) {
  return readDefinitions<CanonDef>(c, out, Definition::Kind::Canon,
                                   [&](CanonDef &def) { return readCanonDef(c, def); });
}

bool ComponentReader::readCanonDef(Cursor &c, CanonDef &def) {
  uint8_t op = 0;
  if (!c.u8(op)) return false;
  switch (op) {
  case 0x00:
  case 0x01: {
    uint64_t sortAt = c.offset();
    uint8_t sort = 0;
    if (!c.u8(sort)) return false;
    if (sort != 0x00)
      return c.fail(sortAt, "invalid leading byte (0x" + fmtHex(sort) + ") for canonical " +
                                (op == 0 ? "lift" : "lower") + " function kind");
    def.kind = op == 0 ? CanonDef::Kind::Lift : CanonDef::Kind::Lower;
    if (!c.u32(def.func) || !readCanonOptions(c, def.options)) return false;
    if (op == 0x00) {
      uint32_t type = 0;
      if (!c.u32(type)) return false;
      def.type = TypeIndex(type);
    }
    break;
  }
  case 0x02:
  case 0x03:
  case 0x04: {
    def.kind = op == 0x02   ? CanonDef::Kind::ResourceNew
               : op == 0x03 ? CanonDef::Kind::ResourceDrop
                            : CanonDef::Kind::ResourceRep;
    uint32_t type = 0;
    if (!c.u32(type)) return false;
    def.type = TypeIndex(type);
    break;
  }
  case 0x07: // resource.drop async (legacy encoding)
    return failAsync(c, def.offset, "canon resource.drop async");
  case 0x05:
  case 0x06:
  case 0x09:
  case 0x0a:
  case 0x0b:
  case 0x0c:
  case 0x0d:
  case 0x0e:
  case 0x0f:
  case 0x10:
  case 0x11:
  case 0x12:
  case 0x13:
  case 0x14:
  case 0x15:
  case 0x16:
  case 0x17:
  case 0x18:
  case 0x19:
  case 0x1a:
  case 0x1b:
  case 0x1c:
  case 0x1d:
  case 0x1e:
  case 0x1f:
  case 0x20:
  case 0x21:
  case 0x22:
  case 0x23:
  case 0x24:
  case 0x25:
    return failAsync(c, def.offset,
                     "task, subtask, stream, future, error-context, waitable-set and "
                     "backpressure built-ins");
  case 0x26:
  case 0x27:
  case 0x28:
  case 0x29:
  case 0x2a:
  case 0x2b:
  case 0x2c:
  case 0x2d: // cooperative threads (🧵) run on the async machinery (tasks, waitables)
    return failAsync(c, def.offset, "thread built-ins, which build on async tasks");
  case 0x40:
  case 0x41:
  case 0x42: // 🧵②: a spawn is thread.new-indirect + thread.resume-later (Explainer.md)
    return failAsync(c, def.offset,
                     "shared-everything thread built-ins (thread.spawn-ref, "
                     "thread.spawn-indirect, thread.available-parallelism), which build on "
                     "async tasks");
  default:
    return c.fail(def.offset, "invalid leading byte (0x" + fmtHex(op) + ") for canonical function");
  }
  return true;
}

bool ComponentReader::readStartSection(Cursor &c, Component &out) {
  StartDef s;
  s.offset = c.offset();
  uint32_t func = 0;
  if (!c.u32(func)) return false;
  s.func = FuncIndex(func);
  if (!readVectorInto(c, s.args, [&](ValueIndex &v) { return c.u32(v.value); }) ||
      !c.u32(s.results))
    return false;
  addDefinition(out, Definition::Kind::Start, s.offset, std::move(s));
  return true;
}

bool ComponentReader::readImportSection(Cursor &c, Component &out) {
  return readDefinitions<ImportDef>(c, out, Definition::Kind::Import, [&](ImportDef &imp) {
    return readExternName(c, imp.name) && readExternDesc(c, imp.desc);
  });
}

bool ComponentReader::readExportSection(Cursor &c, Component &out) {
  return readDefinitions<ExportDef>(c, out, Definition::Kind::Export, [&](ExportDef &e) {
    if (!readExternName(c, e.name) || !readSort(c, e.item.sort) || !c.u32(e.item.index))
      return false;
    uint64_t at = c.offset();
    uint8_t hasDesc = 0;
    if (!c.u8(hasDesc)) return false;
    if (hasDesc == 0x01) {
      ExternDesc d;
      if (!readExternDesc(c, d)) return false;
      e.desc = d;
    } else if (hasDesc != 0x00) {
      return c.fail(at,
                    "invalid leading byte (0x" + fmtHex(hasDesc) + ") for optional export type");
    }
    return true;
  });
}

bool ComponentReader::readValueSection(Cursor &c, Component &out) {
  return readDefinitions<ValueDef>(c, out, Definition::Kind::Value, [&](ValueDef &v) {
    const uint8_t *data = nullptr;
    if (!readValTypeRef(c, v.type) || !c.lengthPrefixed(data, v.dataSize)) return false;
    v.dataOffset = c.offsetOf(data);
    return true;
  });
}

bool ComponentReader::readExternName(Cursor &c, ExternName &out) {
  out.offset = c.offset();
  uint8_t form = 0;
  if (!c.u8(form)) return false;
  if (form > 0x02)
    return c.fail(out.offset, "invalid leading byte (0x" + fmtHex(form) + ") for component name");
  if (!c.name(out.name)) return false;
  if (form != 0x02) return true;
  return readVector(c, [&] {
    uint64_t at = c.offset();
    uint8_t kind = 0;
    std::string value;
    if (!c.u8(kind)) return false;
    if (kind > 0x02)
      return c.fail(at, "invalid leading byte (0x" + fmtHex(kind) + ") for name attribute");
    if (!c.name(value)) return false;
    std::optional<std::string> &slot = kind == 0   ? out.implements
                                       : kind == 1 ? out.versionSuffix
                                                   : out.externalId;
    if (slot) return c.fail(at, "duplicate name attribute");
    slot = std::move(value);
    return true;
  });
}

} // namespace w2n::component
