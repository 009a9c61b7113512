// Text fields: valid UTF-8 of a bounded number of characters (code points,
// not bytes), whatever mix of ASCII and other characters, and wherever a
// multi-byte or broken sequence falls relative to the ASCII runs.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/domain/errors.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

// The refusal CheckText gives `value`, or "" when it takes it.
std::string Refusal(absl::string_view value, size_t max_chars) {
  FieldErrors e;
  CheckText(&e, "title", value, 0, max_chars);
  return std::string(e.ToStatus().message());
}

TEST(TextTest, CountsCharactersAndRefusesWhatIsNotUtf8WhereverItFalls) {
  const std::vector<std::string> valid = {"a", "Næstved", "ø", "€", "𝄞", "01234567", " "};
  // Inserted anywhere, even inside another character, each leaves the text
  // not UTF-8.
  const std::vector<std::string> broken = {
      "\xC3",              // a lead byte without its continuation
      "\x80",              // a continuation without a lead byte
      "\xC0\xAF",          // an overlong '/'
      "\xED\xA0\x80",      // a surrogate
      "\xF4\x90\x80\x80",  // past U+10FFFF
      "\xFF",
  };
  std::mt19937 rng(27);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    int chars = 0;
    // ASCII runs of every length around the eight bytes taken at once.
    const int pieces = static_cast<int>(rng() % 8);
    for (int p = 0; p < pieces; ++p) {
      text += std::string(rng() % 19, 'x');
      text += valid[rng() % valid.size()];
    }
    // In valid UTF-8 every byte but a continuation byte starts a character.
    for (char c : text) chars += (c & 0xC0) != 0x80;
    const bool corrupt = rng() % 3 == 0;
    if (corrupt) {
      text.insert(rng() % (text.size() + 1), broken[rng() % broken.size()]);
    }
    SCOPED_TRACE(text);
    EXPECT_EQ(IsValidUtf8(text), !corrupt);
    if (corrupt) {
      EXPECT_EQ(Refusal(text, 1000), "invalid title: is not valid UTF-8");
    } else {
      EXPECT_EQ(Refusal(text, static_cast<size_t>(chars)), "");
      if (chars > 0) {
        EXPECT_EQ(
            Refusal(text, static_cast<size_t>(chars) - 1),
            absl::StrCat("invalid title: is ", chars, " characters; the limit is ", chars - 1));
      }
    }
  }
}

}  // namespace
}  // namespace budget
