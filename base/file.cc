#include "base/file.h"

#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"

namespace base {

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  std::string contents;
  if (in) contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read the ", what, " ", path));
  }
  return contents;
}

}  // namespace base
