// Composition at compile time (component_compose.h): every unit is validated into one TypeStore,
// so that the plugs' exports and the imports they satisfy can be compared with the validator's
// own subtyping. The check mirrors what instantiating the units inside one outer component would
// check (Validator::instance): each unit's imported resources are bound to what its providers
// export, in dependency order. Resources of host imports are one per interface and name (the
// WASI host has one output-stream, whoever imports it), so they are unified across units.
#include "compiler/frontend/component/component_compose.h"

#include "compiler/frontend/component/component_validator.h"
#include "compiler/frontend/component/component_wit.h"

#include <functional>
#include <set>

namespace w2n::component {

namespace {

std::pair<std::string, std::string> splitVersion(const std::string &name) {
  size_t at = name.find('@');
  if (at == std::string::npos) return {name, ""};
  return {name.substr(0, at), name.substr(at + 1)};
}

struct Semver {
  uint64_t part[3] = {0, 0, 0};
};

// MAJOR.MINOR.PATCH without pre-release or build metadata (those match only exactly).
bool parseSemver(const std::string &text, Semver &out) {
  size_t i = 0;
  for (int k = 0; k < 3; ++k) {
    if (k > 0 && (i >= text.size() || text[i++] != '.')) return false;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 18)
      out.part[k] = out.part[k] * 10 + static_cast<uint64_t>(text[i++] - '0');
    if (i == start || (text[start] == '0' && i - start > 1)) return false;
  }
  return i == text.size();
}

uint64_t importOffset(const Component &c, const std::string &name) {
  for (const Definition &d : c.definitions)
    if (const auto *imp = std::get_if<ImportDef>(&d.item); imp && imp->name.name == name)
      return d.offset;
  return c.offset;
}

const EntityT *findNamed(const NamedEntities &list, const std::string &name) {
  for (const auto &[n, e] : list)
    if (n == name) return &e;
  return nullptr;
}

// WIT text on one line: runs of blank space become one space, a list's last comma goes.
std::string collapse(const std::string &text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == '\n' || ch == ' ') {
      space = !out.empty();
      continue;
    }
    if (ch == '}' && !out.empty() && out.back() == ',') out.pop_back();
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

class Composer {
public:
  Composer(Composition &c, TypeStore &store, std::vector<ComponentT> types, Diagnostics &diags,
           std::string &error)
      : c_(c), store_(store), types_(std::move(types)), diags_(diags), error_(error) {}

  bool run() {
    size_t n = c_.units.size();
    c_.bindings.assign(n, {});
    c_.order.clear();
    state_.assign(n, 0);
    if (!visit(0)) return false;
    for (uint32_t p = 1; p < n; ++p)
      if (state_[p] == 0) return unused(p);
    std::vector<uint32_t> all = c_.order;
    all.push_back(0);
    exports_.assign(n, {});
    for (uint32_t u : all)
      if (!instantiate(u)) return false;
    return true;
  }

private:
  // The first plug (in command-line order, not `u` itself) that exports `name`; failing that,
  // the first that exports the same interface at a compatible version.
  bool provider(uint32_t u, const std::string &name, PlugBinding &out) {
    for (int pass = 0; pass < 2; ++pass)
      for (uint32_t p = 1; p < c_.units.size(); ++p) {
        if (p == u) continue;
        for (const auto &[exported, e] : types_[p].exports)
          if (pass == 0 ? exported == name : versionCompatible(name, exported)) {
            out = {p, exported};
            return true;
          }
      }
    return false;
  }

  // Depth first from the root: a plug is ordered once everything it imports from is.
  bool visit(uint32_t u) {
    state_[u] = 1;
    for (const auto &[name, e] : types_[u].imports) {
      PlugBinding b;
      if (!provider(u, name, b)) continue;
      c_.bindings[u][name] = b;
      path_.push_back({u, name});
      if (state_[b.unit] == 1) return cycle(b.unit);
      if (state_[b.unit] == 0 && !visit(b.unit)) return false;
      path_.pop_back();
    }
    state_[u] = 2;
    if (u != 0) c_.order.push_back(u);
    return true;
  }

  bool cycle(uint32_t to) {
    size_t from = 0;
    while (path_[from].first != to)
      ++from;
    error_ = "the plugs import from each other in a cycle:";
    for (size_t k = from; k < path_.size(); ++k) {
      uint32_t next = k + 1 < path_.size() ? path_[k + 1].first : to;
      error_ += std::string(k > from ? "," : "") + " " + label(path_[k].first) + " imports `" +
                path_[k].second + "` from " + label(next);
    }
    return false;
  }

  // A file plugged twice is two plugs: they are told apart by their place on the command line.
  std::string label(uint32_t u) const {
    for (uint32_t other = 0; other < c_.files.size(); ++other)
      if (other != u && c_.files[other] == c_.files[u])
        return c_.files[u] + " (plug " + std::to_string(u) + ")";
    return c_.files[u];
  }

  bool unused(uint32_t p) {
    std::string names;
    for (const auto &[name, e] : types_[p].exports)
      names += (names.empty() ? "" : ", ") + name;
    error_ = "plug " + label(p) + " is not used: neither " + c_.files[0] +
             " nor a plug it uses imports any of its exports (" +
             (names.empty() ? "it exports nothing" : names) + ")";
    return false;
  }

  // Binds unit `u`'s imports to its providers' exports, checking each, and records its exports
  // with those bindings applied (each unit is instantiated once).
  bool instantiate(uint32_t u) {
    const ComponentT &t = types_[u];
    SubtypeChecker check(store_);
    check.bindable = t.importedResources;
    std::set<uint32_t> imported;
    for (uint32_t r : t.importedResources)
      imported.insert(store_.rootOf(r));
    for (const auto &[name, expected] : t.imports) {
      auto it = c_.bindings[u].find(name);
      if (it == c_.bindings[u].end()) {
        hostResources(name, expected, imported, check.bound);
        continue;
      }
      Substitution sofar;
      sofar.resources = check.bound;
      EntityT want = store_.substitute(expected, sofar);
      const PlugBinding &b = it->second;
      EntityT have = exports_[b.unit].at(b.exportName);
      SubtypeChecker before = check;
      if (!check.entity(have, want)) return misfit(u, name, b, want, have, before, check.error);
    }
    Substitution map;
    map.resources = check.bound;
    for (const auto &[name, e] : t.exports)
      exports_[u][name] = store_.substitute(e, map);
    return true;
  }

  // A host import's resources are the host's: the first unit to import one names it for all.
  void hostResources(const std::string &name, const EntityT &e, const std::set<uint32_t> &imported,
                     std::unordered_map<uint32_t, uint32_t> &bound) {
    auto one = [&](const std::string &iface, const std::string &item, uint32_t r) {
      r = store_.rootOf(r);
      if (!imported.count(r) || bound.count(r)) return;
      auto [it, fresh] = host_.emplace(std::make_pair(iface, item), r);
      if (!fresh && it->second != r) bound[r] = it->second;
    };
    if (e.kind == ExternDesc::Kind::Type && e.referenced.kind == TypeKind::Resource)
      one("", name, e.referenced.id);
    if (e.kind != ExternDesc::Kind::Instance) return;
    for (const auto &[item, x] : store_.instances[e.id].exports)
      if (x.kind == ExternDesc::Kind::Type && x.referenced.kind == TypeKind::Resource)
        one(splitVersion(name).first, item, x.referenced.id);
  }

  // One line at the import: the first item of an interface that does not fit (or the whole
  // import when it is not an interface), as the import wants it and as the plug has it.
  bool misfit(uint32_t u, const std::string &name, const PlugBinding &b, const EntityT &want,
              const EntityT &have, SubtypeChecker &probe, std::string reason) {
    wit::Printer printer(store_);
    std::string expected, found;
    if (want.kind == ExternDesc::Kind::Instance && have.kind == ExternDesc::Kind::Instance) {
      NamedEntities wantList = store_.instances[want.id].exports;
      NamedEntities haveList = store_.instances[have.id].exports;
      for (const auto &[item, w] : wantList) {
        const EntityT *h = findNamed(haveList, item);
        if (!h) {
          expected = "`" + printer.oneLine(item, w, wantList) + "`";
          found = "no `" + item + "` in `" + printer.oneLine(b.exportName, have, {}) + "`";
          reason.clear();
          break;
        }
        if (!probe.entity(*h, w)) {
          expected = "`" + printer.oneLine(item, w, wantList) + "`";
          found = "`" + printer.oneLine(item, *h, haveList) + "`";
          reason = probe.error;
          break;
        }
      }
    }
    if (expected.empty()) {
      expected = "`" + printer.oneLine(name, want, {}) + "`";
      found = "`" + printer.oneLine(b.exportName, have, {}) + "`";
    }
    std::string message = "import `" + name + "` does not fit plug " + label(b.unit);
    if (b.exportName != name) message += " (its export `" + b.exportName + "`)";
    message += ": expected " + expected + ", found " + found;
    // The WIT text can look the same (a record's fields are not spelled out where it is used).
    if (expected == found && !reason.empty()) message += ": " + reason;
    diags_.setFile(c_.files[u]);
    diags_.error(importOffset(*c_.units[u], name), message);
    return false;
  }

  Composition &c_;
  TypeStore &store_;
  std::vector<ComponentT> types_;
  Diagnostics &diags_;
  std::string &error_;
  std::vector<int> state_; // per unit: 0 not seen, 1 being visited, 2 done
  std::vector<std::pair<uint32_t, std::string>> path_; // the imports followed to get here
  std::vector<std::map<std::string, EntityT>> exports_;
  std::map<std::pair<std::string, std::string>, uint32_t> host_; // (interface, name) -> root
};

} // namespace

bool versionCompatible(const std::string &imported, const std::string &exported) {
  if (imported == exported) return true;
  auto [iname, iversion] = splitVersion(imported);
  auto [ename, eversion] = splitVersion(exported);
  Semver a, b;
  if (iname != ename || !parseSemver(iversion, a) || !parseSemver(eversion, b)) return false;
  for (int k = 0; k < 3; ++k) {
    if (a.part[k] != b.part[k]) return false;
    if (a.part[k] != 0) return true; // the first non-zero part is the one that must agree
  }
  return true;
}

bool compose(Composition &c, const ComponentFeatures &features, Diagnostics &diags,
             std::string &error) {
  // One validation run for all, so that their types live in one store.
  Validator validator(diags, features);
  std::vector<ComponentT> types;
  for (size_t i = 0; i < c.units.size(); ++i) {
    diags.setFile(c.files[i]);
    uint32_t type = 0;
    if (!validator.component(*c.units[i], type)) return false;
    types.push_back(validator.store.components[type]);
  }
  diags.setFile("");
  return Composer(c, validator.store, std::move(types), diags, error).run();
}

namespace wit {

std::string Printer::oneLine(const std::string &name, const EntityT &e,
                             const NamedEntities &scope) {
  worldItem_ = current_ = name;
  switch (e.kind) {
  case ExternDesc::Kind::Func:
    return ident(name) + ": " + funcSig(e.id, namesOf(scope));
  case ExternDesc::Kind::Type:
    return collapse(typeDecl(name, e, namesOf(scope), scope, ""));
  case ExternDesc::Kind::Instance: {
    const NamedEntities &list = s_.instances[e.id].exports;
    return collapse("interface { " + items(list, kWorld, namesOf(list), "", "") + "}");
  }
  default:
    return kindName(e.kind);
  }
}

} // namespace wit

} // namespace w2n::component
