#include "clients/budgetctl/config_file.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/budgetctl/errors.h"

namespace budgetctl {

std::string DefaultConfigPath() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return absl::StrCat(xdg, "/budgetctl/config");
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return absl::StrCat(home, "/.config/budgetctl/config");
  }
  return "";
}

namespace {

// Every key when `known` is null.
std::map<std::string, std::string> Read(const std::string& path, const std::string& what,
                                        bool required, const std::set<std::string>* known) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  if (!in) {
    if (required) throw UsageError(absl::StrCat("cannot read ", what, " ", path));
    return out;
  }
  std::string raw;
  for (int line_no = 1; std::getline(in, raw); ++line_no) {
    auto bad = [&](absl::string_view why) {
      return UsageError(absl::StrCat(path, ":", line_no, ": ", why));
    };
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    if (eq == line.npos) throw bad("expected \"key = value\"");
    std::string key(absl::StripAsciiWhitespace(line.substr(0, eq)));
    absl::string_view value = absl::StripAsciiWhitespace(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    } else {
      // An unquoted value may carry a trailing comment.
      value = absl::StripTrailingAsciiWhitespace(value.substr(0, value.find('#')));
    }
    if (known != nullptr && known->count(key) == 0) {
      throw bad(absl::StrCat("unknown key \"", key, "\""));
    }
    out[key] = std::string(value);
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> ReadConfigFile(const std::string& path, bool required,
                                                  const std::set<std::string>& known) {
  return Read(path, "the config file", required, &known);
}

std::map<std::string, std::string> ReadKeyValueFile(const std::string& path,
                                                    const std::string& what, bool required) {
  return Read(path, what, required, nullptr);
}

}  // namespace budgetctl
