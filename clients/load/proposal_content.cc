#include "clients/load/proposal_content.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace budget_load {
namespace {

struct Theme {
  budget::v1::ProposalCategory category;
  const char* title;
  const char* description;
};

// A few of the kinds of saving the social area puts in a real catalogue.
constexpr std::array<Theme, 4> kThemes = {{
    {budget::v1::CATEGORY_MERGE_UNITS, "Sammenlægning af to botilbud",
     "To mindre botilbud med fælles målgruppe lægges sammen under én ledelse, så nattevagt og "
     "administration deles."},
    {budget::v1::CATEGORY_RESTRUCTURE_SERVICES, "Gruppeforløb i stedet for individuel støtte",
     "Dele af den individuelle socialpædagogiske støtte omlægges til gruppeforløb og virtuel "
     "kontakt, hvor borgeren kan have gavn af det."},
    {budget::v1::CATEGORY_DIGITALISATION, "Digital medicinhåndtering",
     "Elektronisk dosering og registrering frigør personaletid til borgerrettede opgaver."},
    {budget::v1::CATEGORY_PURCHASING_AGREEMENTS, "Bedre brug af indkøbsaftaler",
     "Køb af hjælpemidler og forbrugsvarer samles på kommunens indkøbsaftaler."},
}};

constexpr int64_t kMinSavingKr = 200'000;
constexpr int64_t kMaxSavingKr = 5'000'000;

}  // namespace

int64_t NewFullImplementationKr(std::mt19937_64& rng) {
  // Whole thousands, as the catalogue states them.
  return std::uniform_int_distribution<int64_t>(kMinSavingKr / 1000, kMaxSavingKr / 1000)(rng) *
         1000;
}

budget::v1::ProposalContent NewProposalContent(const std::string& committee, const std::string& tag,
                                               std::mt19937_64& rng) {
  const Theme& theme = kThemes[std::uniform_int_distribution<size_t>(0, kThemes.size() - 1)(rng)];
  budget::v1::ProposalContent c;
  c.set_title(absl::StrCat(theme.title, " (belastningstest ", tag, ")"));
  c.set_description(theme.description);
  c.set_category(theme.category);
  c.add_committees(committee);
  const int64_t full = NewFullImplementationKr(rng);
  c.set_full_implementation_kr(full);
  // Half a year's effect in the first year, the full saving after.
  for (int year = kLoadBudgetYear; year < kLoadBudgetYear + 4; ++year) {
    budget::v1::YearAmount* effect = c.add_effects();
    effect->set_year(year);
    effect->set_amount_kr(year == kLoadBudgetYear ? full / 2 : full);
  }
  budget::v1::Date* start = c.mutable_implementation_start();
  start->set_year(kLoadBudgetYear);
  start->set_month(1);
  start->set_day(1);
  c.set_citizen_consequences("Borgerne oplever færre, men mere fleksible tilbud.");
  c.set_staff_consequences(
      "Opgaverne fordeles på færre medarbejdere; ingen afskedigelser forventes.");
  c.set_staff_reduction_fte_hundredths(full / 5000);  // roughly 500,000 kr. per FTE
  c.set_submitter_kind(budget::v1::SUBMITTER_ADMINISTRATION);
  return c;
}

}  // namespace budget_load
