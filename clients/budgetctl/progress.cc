#include "clients/budgetctl/progress.h"

#include <unistd.h>

#include <iostream>

#include "clients/budgetctl/format.h"
#include "clients/budgetctl/terminal.h"

namespace budgetctl {

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

Progress::Progress(std::string label, size_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && total > 0) {
  Draw();
}

Progress::Progress(std::string label, std::string unit, bool enabled)
    : label_(std::move(label)), unit_(std::move(unit)), enabled_(enabled) {
  Draw();
}

void Progress::Advance(size_t n) {
  done_ += n;
  Draw();
}

void Progress::Draw() const {
  if (!enabled_) return;
  if (!unit_.empty()) {
    ExactStdout() << "\r" << label_ << " " << Count(static_cast<int64_t>(done_)) << " " << unit_
                  << std::flush;
    return;
  }
  constexpr size_t kWidth = 30;
  const size_t filled = total_ == 0 ? kWidth : done_ * kWidth / total_;
  ExactStdout() << "\r" << label_ << " [" << std::string(filled, '#')
                << std::string(kWidth - filled, '.') << "] " << done_ << "/" << total_
                << std::flush;
}

void Progress::Finish() {
  if (!enabled_) return;
  // Blank the line so what follows starts clean.
  ExactStdout() << "\r" << std::string(label_.size() + unit_.size() + 50, ' ') << "\r"
                << std::flush;
  enabled_ = false;
}

}  // namespace budgetctl
