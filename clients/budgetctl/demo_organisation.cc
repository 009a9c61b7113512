// The organisation of the demo round: Næstved's standing committees with
// their operating frames (driftsrammer) and the shortfalls seed 004 expects,
// the centres and the workplaces the proposals concern.
#include "clients/budgetctl/demo_data.h"

namespace budgetctl::demo {

const std::vector<Committee>& Committees() {
  static const std::vector<Committee> committees = {
      {"oekonomiudvalget", "Økonomiudvalget", 612'400'000, 0},
      {"socialudvalget", "Socialudvalget", 1'046'800'000, 10'000'000},
      {"boerne-og-uddannelsesudvalget", "Børne- og Uddannelsesudvalget", 1'318'500'000, 10'000'000},
      {"aeldre-og-sundhedsudvalget", "Ældre- og Sundhedsudvalget", 884'200'000, 0},
      // A smaller shortfall on the winter service, so three committees claim.
      {"teknik-og-miljoeudvalget", "Teknik- og Miljøudvalget", 236'900'000, 1'500'000},
      {"kultur-og-fritidsudvalget", "Kultur- og Fritidsudvalget", 98'300'000, 0},
      {"arbejdsmarkedsudvalget", "Arbejdsmarkedsudvalget", 262'700'000, 0},
  };
  return committees;
}

const std::vector<Centre>& Centres() {
  static const std::vector<Centre> centres = {
      {"koncernservice", "Center for Koncernservice", "oekonomiudvalget", 148'000'000},
      {"politik-udvikling", "Center for Politik og Udvikling", "oekonomiudvalget", 64'000'000},
      {"ejendomme", "Center for Ejendomme", "oekonomiudvalget", 171'000'000},
      {"handicap-psykiatri", "Center for Handicap og Psykiatri", "socialudvalget", 688'000'000},
      {"social-indsats", "Center for Social Indsats", "socialudvalget", 214'000'000},
      {"boern-unge", "Center for Børn og Unge", "boerne-og-uddannelsesudvalget", 402'000'000},
      {"dagtilbud", "Center for Dagtilbud", "boerne-og-uddannelsesudvalget", 391'000'000},
      {"skoler", "Center for Skoler og Uddannelse", "boerne-og-uddannelsesudvalget", 497'000'000},
      {"sundhed-aeldre", "Center for Sundhed og Ældre", "aeldre-og-sundhedsudvalget", 842'000'000},
      {"miljoe-teknik", "Center for Miljø og Teknik", "teknik-og-miljoeudvalget", 205'000'000},
      {"kultur-fritid", "Center for Kultur og Fritid", "kultur-og-fritidsudvalget", 91'000'000},
      {"arbejdsmarked", "Center for Arbejdsmarked", "arbejdsmarkedsudvalget", 233'000'000},
  };
  return centres;
}

const std::vector<Workplace>& Workplaces() {
  static const std::vector<Workplace> workplaces = {
      {"bofaellesskab-enghaven", "Bofællesskabet Enghaven", "handicap-psykiatri", "socialudvalget"},
      {"botilbud-birkebo", "Botilbuddet Birkebo", "handicap-psykiatri", "socialudvalget"},
      {"vaerestedet-kilden", "Værestedet Kilden", "social-indsats", "socialudvalget"},
      {"vaerestedet-fyrtaarnet", "Værestedet Fyrtårnet", "social-indsats", "socialudvalget"},
      {"rusmiddelcenter", "Rusmiddelcenter Næstved", "social-indsats", "socialudvalget"},
      {"boernehuset-regnbuen", "Børnehuset Regnbuen", "dagtilbud", "boerne-og-uddannelsesudvalget"},
      {"boernehuset-mariehoenen", "Børnehuset Mariehønen", "dagtilbud",
       "boerne-og-uddannelsesudvalget"},
      {"ungdomsskolen", "Næstved Ungdomsskole", "skoler", "boerne-og-uddannelsesudvalget"},
      {"plejecenter-aeblehaven", "Plejecenter Æblehaven", "sundhed-aeldre",
       "aeldre-og-sundhedsudvalget"},
      {"genbrugspladsen-holme-olstrup", "Genbrugspladsen i Holme-Olstrup", "miljoe-teknik",
       "teknik-og-miljoeudvalget"},
      {"bibliotekerne", "Næstved Bibliotekerne", "kultur-fritid", "kultur-og-fritidsudvalget"},
      {"jobcenter", "Jobcenter Næstved", "arbejdsmarked", "arbejdsmarkedsudvalget"},
  };
  return workplaces;
}

}  // namespace budgetctl::demo
