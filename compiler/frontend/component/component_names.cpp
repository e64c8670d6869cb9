// Parsing of component import/export names and their strong-uniqueness keys.
#include "compiler/frontend/component/component_names.h"

#include <cstdint>
#include <string_view>

namespace w2n::component {

namespace {
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isNumericId(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!isDigit(c)) return false;
  return s.size() == 1 || s[0] != '0';
}

bool isIdentList(std::string_view s, bool numericNoLeadingZero) {
  if (s.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (part.empty()) return false;
    bool allDigits = true;
    for (char c : part) {
      if (!(isDigit(c) || isLower(c) || isUpper(c) || c == '-')) return false;
      if (!isDigit(c)) allDigits = false;
    }
    if (numericNoLeadingZero && allDigits && part.size() > 1 && part[0] == '0') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// Kebab-cases the package name parts: lowercase words only.
bool isLowerKebab(std::string_view s) {
  if (!isKebab(std::string(s))) return false;
  for (char c : s)
    if (isUpper(c)) return false;
  return true;
}
} // namespace

std::string lowerAscii(std::string s) {
  for (char &c : s)
    if (isUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool isKebab(const std::string &s) {
  if (s.empty()) return false;
  size_t i = 0;
  bool first = true;
  while (true) {
    size_t start = i;
    while (i < s.size() && s[i] != '-')
      ++i;
    std::string_view frag(s.data() + start, i - start);
    if (frag.empty()) return false;
    bool lower = false, upper = false;
    for (char c : frag) {
      if (isLower(c))
        lower = true;
      else if (isUpper(c))
        upper = true;
      else if (!isDigit(c))
        return false;
    }
    if (lower && upper) return false;
    if (first && isDigit(frag[0])) return false;
    first = false;
    if (i == s.size()) return true;
    ++i; // '-'
  }
}

bool isValidSemver(const std::string &v) {
  std::string_view s(v);
  size_t plus = s.find('+');
  std::string_view build = plus == s.npos ? std::string_view() : s.substr(plus + 1);
  if (plus != s.npos && !isIdentList(build, false)) return false;
  std::string_view core = s.substr(0, plus);
  size_t dash = core.find('-');
  if (dash != core.npos && !isIdentList(core.substr(dash + 1), true)) return false;
  std::string_view nums = core.substr(0, dash);
  size_t d1 = nums.find('.');
  if (d1 == nums.npos) return false;
  size_t d2 = nums.find('.', d1 + 1);
  if (d2 == nums.npos) return false;
  return isNumericId(nums.substr(0, d1)) && isNumericId(nums.substr(d1 + 1, d2 - d1 - 1)) &&
         isNumericId(nums.substr(d2 + 1));
}

bool isCanonVersion(const std::string &v) {
  std::string_view s(v);
  auto nonzero = [](std::string_view x) { return isNumericId(x) && x != "0"; };
  if (nonzero(s)) return true;
  if (s.substr(0, 2) == "0." && nonzero(s.substr(2))) return true;
  if (s.substr(0, 4) == "0.0." && isNumericId(s.substr(4))) return true;
  return false;
}

bool parseExternName(const std::string &name, bool import, ParsedName &out, std::string &error,
                     bool nestedNames) {
  auto notKebab = [&](const std::string &s) {
    error = "`" + s + "` is not in kebab case";
    return false;
  };
  auto annotated = [&](const char *prefix, ParsedName::Kind kind, bool dotted) {
    out.kind = kind;
    std::string rest = name.substr(std::string_view(prefix).size());
    if (!dotted) {
      if (!isKebab(rest)) return notKebab(rest);
      out.resource = rest;
      out.key = "[constructor]" + lowerAscii(rest);
      return true;
    }
    size_t dot = rest.find('.');
    if (dot == std::string::npos) {
      error = "failed to find `.` character";
      return false;
    }
    out.resource = rest.substr(0, dot);
    out.item = rest.substr(dot + 1);
    if (!isKebab(out.resource)) return notKebab(out.resource);
    if (!isKebab(out.item)) return notKebab(out.item);
    std::string r = lowerAscii(out.resource), f = lowerAscii(out.item);
    out.key = r == f ? r : r + "." + f;
    return true;
  };
  if (name.rfind("[constructor]", 0) == 0)
    return annotated("[constructor]", ParsedName::Kind::Constructor, false);
  if (name.rfind("[method]", 0) == 0) return annotated("[method]", ParsedName::Kind::Method, true);
  if (name.rfind("[static]", 0) == 0) return annotated("[static]", ParsedName::Kind::Static, true);

  auto importOnly = [&](ParsedName::Kind kind) {
    out.kind = kind;
    out.key = name;
    if (!import) {
      error = "`" + name + "` is not a valid export name";
      return false;
    }
    return true;
  };
  auto bracketed = [&](std::string_view rest, std::string &inside) {
    if (rest.empty() || rest[0] != '<') {
      error = "expected `<` at `" + std::string(rest) + "`";
      return false;
    }
    size_t close = rest.find('>');
    if (close == rest.npos) {
      error = "failed to find `>` character";
      return false;
    }
    inside = std::string(rest.substr(1, close - 1));
    return true;
  };
  auto checkHash = [&](const std::string &integrity) {
    bool any = false;
    size_t i = 0;
    while (i < integrity.size()) {
      while (i < integrity.size() && integrity[i] == ' ')
        ++i;
      size_t j = integrity.find(' ', i);
      if (j == std::string::npos) j = integrity.size();
      std::string hash = integrity.substr(i, j - i);
      i = j;
      if (hash.empty()) continue;
      any = true;
      std::string rest;
      for (const char *alg : {"sha256", "sha384", "sha512"})
        if (hash.rfind(alg, 0) == 0) rest = hash.substr(6);
      if (rest.empty() && hash.size() <= 6) {
        error = "unrecognized hash algorithm: `" + hash + "`";
        return false;
      }
      if (hash.rfind("sha", 0) != 0 || rest.empty()) {
        error = "unrecognized hash algorithm: `" + hash + "`";
        return false;
      }
      if (rest[0] != '-') {
        error = "expected `-` after hash algorithm: " + hash;
        return false;
      }
      std::string b64 = rest.substr(1, rest.find('?') == std::string::npos ? std::string::npos
                                                                           : rest.find('?') - 1);
      int equals = 0;
      bool ok = !b64.empty();
      for (size_t k = 0; k < b64.size() && ok; ++k) {
        char c = b64[k];
        if ((isDigit(c) || isLower(c) || isUpper(c) || c == '+' || c == '/') && equals == 0)
          continue;
        if (c == '=' && k > 0 && equals < 2) {
          ++equals;
          continue;
        }
        ok = false;
      }
      if (!ok) {
        error = "not valid base64: `" + b64 + "`";
        return false;
      }
    }
    if (!any) {
      error = "integrity hash cannot be empty";
      return false;
    }
    return true;
  };
  // Package paths: namespace (':' namespace)* ':' name ('/' projection)* — the repetitions only
  // with nested names.
  auto label = [&](std::string_view &s) {
    size_t end = 0;
    while (end < s.size() &&
           (isLower(s[end]) || isUpper(s[end]) || isDigit(s[end]) || s[end] == '-'))
      ++end;
    std::string l(s.substr(0, end));
    s = s.substr(end);
    return l;
  };
  auto pkgPath = [&](std::string_view s, bool requireProjection, std::string_view &rest) {
    size_t colon = s.find(':');
    if (colon == s.npos) {
      error = "expected `:` at `" + std::string(s) + "`";
      return false;
    }
    std::string ns(s.substr(0, colon));
    if (!isKebab(ns)) return notKebab(ns);
    if (!isLowerKebab(ns)) {
      error = "character is not lowercase in package name/namespace";
      return false;
    }
    s = s.substr(colon + 1);
    do {
      if (!s.empty() && s[0] == ':') s = s.substr(1);
      std::string pkg = label(s);
      if (!isKebab(pkg)) return notKebab(pkg);
      if (!isLowerKebab(pkg)) {
        error = "character is not lowercase in package name/namespace";
        return false;
      }
    } while (nestedNames && !s.empty() && s[0] == ':');
    if (!s.empty() && s[0] == '/') {
      do {
        s = s.substr(1);
        std::string proj = label(s);
        if (!isKebab(proj)) return notKebab(proj);
      } while (nestedNames && !s.empty() && s[0] == '/');
    } else if (requireProjection) {
      error = "expected `/` after package name";
      return false;
    }
    rest = s;
    return true;
  };

  if (name.rfind("unlocked-dep=", 0) == 0) {
    if (!importOnly(ParsedName::Kind::Dependency)) return false;
    std::string_view whole = std::string_view(name).substr(13);
    if (whole.size() < 2 || whole[0] != '<' || whole.back() != '>') {
      error = "expected `<` at `" + std::string(whole) + "`";
      return false;
    }
    std::string inside(whole.substr(1, whole.size() - 2));
    std::string_view rest;
    if (!pkgPath(inside, false, rest)) return false;
    if (!rest.empty()) {
      if (rest[0] != '@') {
        error = "trailing characters found: `" + std::string(rest) + "`";
        return false;
      }
      std::string range(rest.substr(1));
      if (range != "*") {
        if (range.size() < 2 || range.front() != '{' || range.back() != '}') {
          error = "expected `{` at `" + range + "`";
          return false;
        }
        range = range.substr(1, range.size() - 2);
        auto check = [&](const std::string &v) {
          if (isValidSemver(v)) return true;
          error = "`" + v + "` is not a valid semver";
          return false;
        };
        if (range.rfind(">=", 0) == 0) {
          std::string lower = range.substr(2), upper;
          size_t sp = lower.find(' ');
          if (sp != std::string::npos) {
            upper = lower.substr(sp + 1);
            lower = lower.substr(0, sp);
            if (upper.empty() || upper[0] != '<') {
              error = "expected `<` at start of version range upper bounds";
              return false;
            }
            if (!check(upper.substr(1))) return false;
          }
          if (!check(lower)) return false;
        } else if (!range.empty() && range[0] == '<') {
          if (!check(range.substr(1))) return false;
        } else {
          error = "expected `>=` or `<` at start of version range";
          return false;
        }
      }
    }
    return true;
  }
  auto optionalHash = [&](std::string_view after) {
    if (after.empty()) return true;
    if (after.substr(0, 12) != ",integrity=<") {
      error = "trailing characters found: `" + std::string(after) + "`";
      return false;
    }
    std::string inside;
    if (!bracketed(after.substr(11), inside)) return false;
    if (after.back() != '>' || after.find('>') != after.size() - 1) {
      error = "trailing characters found";
      return false;
    }
    return checkHash(inside);
  };
  if (name.rfind("locked-dep=", 0) == 0) {
    if (!importOnly(ParsedName::Kind::Dependency)) return false;
    std::string inside;
    std::string_view whole = std::string_view(name).substr(11);
    if (!bracketed(whole, inside)) return false;
    std::string_view rest;
    if (!pkgPath(inside, false, rest)) return false;
    if (!rest.empty()) {
      if (rest[0] != '@' || !isValidSemver(std::string(rest.substr(1)))) {
        error = std::string(rest.substr(rest[0] == '@'));
        error.insert(0, 1, '`');
        error += "` is not a valid semver";
        return false;
      }
    }
    return optionalHash(whole.substr(inside.size() + 2));
  }
  if (name.rfind("url=", 0) == 0) {
    if (!importOnly(ParsedName::Kind::Url)) return false;
    std::string inside;
    std::string_view whole = std::string_view(name).substr(4);
    if (!bracketed(whole, inside)) return false;
    if (inside.find('<') != std::string::npos) {
      error = "url cannot contain `<`";
      return false;
    }
    return optionalHash(whole.substr(inside.size() + 2));
  }
  if (name.rfind("integrity=", 0) == 0) {
    if (!importOnly(ParsedName::Kind::Hash)) return false;
    std::string inside;
    std::string_view whole = std::string_view(name).substr(10);
    if (!bracketed(whole, inside)) return false;
    if (whole.size() != inside.size() + 2) {
      error = "trailing characters found: `" + std::string(whole.substr(inside.size() + 2)) + "`";
      return false;
    }
    return checkHash(inside);
  }
  if (name.find(':') != std::string::npos) {
    out.kind = ParsedName::Kind::Interface;
    std::string_view rest;
    if (!pkgPath(name, true, rest)) return false;
    if (!rest.empty()) {
      if (rest[0] != '@') {
        error = "trailing characters found: `" + std::string(rest) + "`";
        return false;
      }
      out.version = std::string(rest.substr(1));
      out.hasVersion = true;
    }
    out.key = lowerAscii(name);
    return true;
  }
  out.kind = ParsedName::Kind::Label;
  if (!isKebab(name)) return notKebab(name);
  out.key = lowerAscii(name);
  return true;
}

} // namespace w2n::component
