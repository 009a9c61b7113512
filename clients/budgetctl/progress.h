#ifndef CLIENTS_BUDGETCTL_PROGRESS_H_
#define CLIENTS_BUDGETCTL_PROGRESS_H_

// A one-line progress indicator for long work, drawn on stdout only when
// stdout is a terminal: piped output stays clean for scripts.

#include <cstddef>
#include <string>

namespace budgetctl {

bool StdoutIsTerminal();

class Progress {
 public:
  // A bar of `total` items. Draws nothing at all unless `enabled`.
  Progress(std::string label, size_t total, bool enabled);
  // A counter of an amount not known in advance ("exporting 1.234.567 bytes").
  Progress(std::string label, std::string unit, bool enabled);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() { Finish(); }

  // `n` more items (or units) done.
  void Advance(size_t n = 1);
  // Clears the indicator's line; called by the destructor too.
  void Finish();

 private:
  void Draw() const;

  std::string label_;
  size_t total_ = 0;
  std::string unit_;  // set for a counter
  size_t done_ = 0;
  bool enabled_;
};

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_PROGRESS_H_
