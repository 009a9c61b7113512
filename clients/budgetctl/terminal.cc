#include "clients/budgetctl/terminal.h"

#include <iostream>
#include <streambuf>
#include <string>

#include "absl/strings/str_format.h"

namespace budgetctl {
namespace {

// Passes bytes on to `target`, escaping C0 controls but the line break,
// DEL, and the C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F), which some
// terminals obey as well.
class ControlEscaper : public std::streambuf {
 public:
  explicit ControlEscaper(std::streambuf* target) : target_(target) {}

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return sync() == 0 ? 0 : ch;
    const auto byte = static_cast<unsigned char>(traits_type::to_char_type(ch));
    if (lead_pending_) {
      lead_pending_ = false;
      if (byte >= 0x80 && byte <= 0x9f) return Put(absl::StrFormat("\\u%04x", byte)) ? ch : Fail();
      if (!Put("\xc2")) return Fail();
    }
    if (byte == 0xc2) {
      lead_pending_ = true;  // decided by the next byte
      return ch;
    }
    return Put(Escaped(byte)) ? ch : Fail();
  }

  int sync() override {
    if (lead_pending_) {
      lead_pending_ = false;
      if (!Put("\xc2")) return -1;
    }
    return target_->pubsync();
  }

 private:
  static std::string Escaped(unsigned char byte) {
    if (byte == '\n' || (byte >= 0x20 && byte != 0x7f)) return std::string(1, byte);
    if (byte == '\t') return "\\t";
    if (byte == '\r') return "\\r";
    return absl::StrFormat("\\x%02x", byte);
  }
  bool Put(const std::string& text) {
    return target_->sputn(text.data(), static_cast<std::streamsize>(text.size())) ==
           static_cast<std::streamsize>(text.size());
  }
  static int_type Fail() { return traits_type::eof(); }

  std::streambuf* target_;
  bool lead_pending_ = false;
};

std::streambuf* original_stdout = nullptr;

}  // namespace

void ProtectTerminal(bool exact_stdout) {
  original_stdout = std::cout.rdbuf();
  // Never destroyed: std::cout and std::cerr are flushed at exit, after
  // every other static is gone.
  if (!exact_stdout) std::cout.rdbuf(new ControlEscaper(original_stdout));
  std::cerr.rdbuf(new ControlEscaper(std::cerr.rdbuf()));
}

std::ostream& ExactStdout() {
  if (original_stdout == nullptr) return std::cout;
  static std::ostream* exact = new std::ostream(original_stdout);
  return *exact;
}

}  // namespace budgetctl
