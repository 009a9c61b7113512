#ifndef CLIENTS_BUDGETCTL_CONTENT_FLAGS_H_
#define CLIENTS_BUDGETCTL_CONTENT_FLAGS_H_

// The flags of a proposal's content, shared by `proposal submit` and
// `proposal amend`. For an amendment each flag given also names its field in
// the update mask, so only what was given changes.

#include <algorithm>
#include <string>
#include <vector>

#include "budget/v1/proposal_service.pb.h"
#include "clients/budgetctl/command.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "services/domain/names.h"

namespace budgetctl {

template <typename Req>
void AddContentFlags(RequestCommand<Req>& command) {
  namespace v1 = budget::v1;
  using S = const std::string&;
  using L = const std::vector<std::string>&;
  // The content to change; an amendment also records `path` in its mask.
  auto content = [](Req& r, const char* path) {
    if constexpr (requires { r.mutable_update_mask(); }) {
      auto* paths = r.mutable_update_mask()->mutable_paths();
      if (std::find(paths->begin(), paths->end(), path) == paths->end())
        r.mutable_update_mask()->add_paths(path);
    }
    return r.mutable_content();
  };
  // The round that short committee, centre and workplace ids belong to.
  auto round = [](const Req& r) {
    if constexpr (requires { r.parent(); }) {
      return r.parent();
    } else {
      return RoundOf(r.name());
    }
  };
  // Replaces a list of references, each an id in the request's round or a full name.
  auto references = [content, round](const char* path, absl::string_view collection,
                                     google::protobuf::RepeatedPtrField<std::string>* (
                                         v1::ProposalContent::*field)()) {
    return [=](Req& r, L values) {
      SetChildNames(round(r), collection, values, (content(r, path)->*field)());
    };
  };
  command
      .Flag("--title", "1..200 characters",
            [content](Req& r, S v) { content(r, "title")->set_title(v); })
      .Flag("--description", "up to 20,000 characters; @FILE reads a file",
            [content](Req& r, S v) { content(r, "description")->set_description(ParseText(v)); })
      .Flag("--category", "one of: " + EnumChoices<v1::ProposalCategory>(),
            [content](Req& r, S v) {
              content(r, "category")->set_category(ParseEnumAs<v1::ProposalCategory>(v));
            })
      .List("--committee",
            "a committee concerned (id or name; repeat, or a,b); more than one makes it "
            "cross-cutting",
            references("committees", budget::kCommittees, &v1::ProposalContent::mutable_committees),
            ',')
      .List("--centre", "a centre concerned (id or name; repeat, or a,b)",
            references("centres", budget::kCentres, &v1::ProposalContent::mutable_centres), ',')
      .List("--workplace", "a workplace concerned, to be heard (id or name; repeat, or a,b)",
            references("workplaces", budget::kWorkplaces, &v1::ProposalContent::mutable_workplaces),
            ',')
      .List("--effect",
            "the recurring effect in one year of the period, a saving positive, an extra cost "
            "negative: YEAR=KRONER[:TYPE], TYPE service (default), transfer or capital, e.g. "
            "2024=1.500.000 or 2024=-200.000:transfer (repeat)",
            [content](Req& r, L values) {
              auto* c = content(r, "effects");
              c->clear_effects();
              for (const std::string& v : values) *c->add_effects() = ParseAmountLine(v);
            })
      .List("--one-off",
            "a one-off cost: YEAR=KRONER:TYPE, TYPE service or transfer (operating) or capital "
            "(anlæg), e.g. 2024=4.000.000:capital (repeat)",
            [content](Req& r, L values) {
              auto* c = content(r, "one_off_costs");
              c->clear_one_off_costs();
              for (const std::string& v : values) *c->add_one_off_costs() = ParseAmountLine(v);
            })
      .Flag("--price-level", "the year whose prices the amounts are stated in, e.g. 2024",
            [content](Req& r, S v) {
              content(r, "price_level_year")
                  ->set_price_level_year(static_cast<int32_t>(ParseInteger(v, 1, 9999)));
            })
      .List("--staff-effect",
            "WORKPLACE:STAFF GROUP:FTE:HOW, FTE a reduction (negative: more staff), HOW "
            "attrition, dismissal or recruitment, e.g. enghaven:pædagoger:2.5:attrition (repeat)",
            [content, round](Req& r, L values) {
              auto* c = content(r, "staff_effects");
              c->clear_staff_effects();
              for (const std::string& v : values)
                *c->add_staff_effects() = ParseStaffEffect(round(r), v);
            })
      .List("--attachment", "a document in the document system: \"URI SHA256 SIZE TITLE\" (repeat)",
            [content](Req& r, L values) {
              auto* c = content(r, "attachments");
              c->clear_attachments();
              for (const std::string& v : values) *c->add_attachments() = ParseAttachment(v);
            })
      .Flag("--full-implementation",
            std::string("the yearly effect at full implementation, a saving positive: ") +
                kKronerHelp,
            [content](Req& r, S v) {
              content(r, "full_implementation_kr")->set_full_implementation_kr(ParseKroner(v));
            })
      .Flag("--implementation-start", "when it takes effect, YYYY-MM-DD",
            [content](Req& r, S v) {
              *content(r, "implementation_start")->mutable_implementation_start() = ParseDate(v);
            })
      .Flag("--citizen-consequences", "up to 20,000 characters; @FILE reads a file",
            [content](Req& r, S v) {
              content(r, "citizen_consequences")->set_citizen_consequences(ParseText(v));
            })
      .Flag("--staff-consequences", "up to 20,000 characters; @FILE reads a file",
            [content](Req& r, S v) {
              content(r, "staff_consequences")->set_staff_consequences(ParseText(v));
            })
      .Flag("--staff-reduction", "full-time equivalents with up to 2 decimals, e.g. 1.5",
            [content](Req& r, S v) {
              content(r, "staff_reduction_fte_hundredths")
                  ->set_staff_reduction_fte_hundredths(ParseScaled(v, 2));
            })
      .Flag("--submitter", "who put it forward: " + EnumChoices<v1::SubmitterKind>(),
            [content](Req& r, S v) {
              content(r, "submitter_kind")->set_submitter_kind(ParseEnumAs<v1::SubmitterKind>(v));
            });
}

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_CONTENT_FLAGS_H_
