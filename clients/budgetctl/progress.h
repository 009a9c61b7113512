#ifndef CLIENTS_BUDGETCTL_PROGRESS_H_
#define CLIENTS_BUDGETCTL_PROGRESS_H_

// A one-line progress bar for long work, drawn on stdout only when stdout is
// a terminal: piped output stays clean for scripts.

#include <cstddef>
#include <string>

namespace budgetctl {

bool StdoutIsTerminal();

class Progress {
 public:
  // Draws nothing at all unless `enabled`.
  Progress(std::string label, size_t total, bool enabled);
  ~Progress() { Finish(); }

  // One more item done.
  void Advance();
  // Clears the bar's line; called by the destructor too.
  void Finish();

 private:
  void Draw() const;

  std::string label_;
  size_t total_;
  size_t done_ = 0;
  bool enabled_;
};

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_PROGRESS_H_
