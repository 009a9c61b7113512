// The political side of the demo after the catalogue: the expansions the
// politicians ask to have costed (rule 10) and the technical corrections
// a–k of the committees' frames (rule 11, 004 §2).
#include "clients/budgetctl/demo_data.h"

namespace budgetctl::demo {

namespace v1 = budget::v1;

const std::vector<Expansion>& Expansions() {
  static const std::vector<Expansion> expansions = {
      {"E1", "Flere hænder i ældreplejen", "aeldre-og-sundhedsudvalget", true,
       "Byrådet ønsker 25 nye stillinger i hjemmeplejen og på plejecentrene.",
       {9'000'000, 12'000'000, 12'000'000, 12'000'000}, 12'000'000,
       "25 årsværk à 480.000 kr.; halvt år i 2024 for de første 12."},
      {"E2", "Mindre klasser i indskolingen", "boerne-og-uddannelsesudvalget", false,
       "Højst 24 elever i 0.-3. klasse fra skoleåret 2024/25.",
       {2'800'000, 6'800'000, 6'800'000, 6'800'000}, 6'800'000,
       "11 ekstra klasser à 620.000 kr.; fra 1. august 2024."},
      {"E3", "Tidlig indsats i dagtilbud", "boerne-og-uddannelsesudvalget", false,
       "Flere pædagoger i de dagtilbud, der har flest børn med særlige behov.",
       {4'500'000, 4'500'000, 4'500'000, 4'500'000}, 4'500'000, "10 pædagoger à 450.000 kr."},
      {"E4", "Aktivitetstilbud for unge med autisme", "socialudvalget", false,
       "Et dagtilbud med værksted og fritidsaktiviteter for 20 unge.",
       {1'200'000, 2'400'000, 2'400'000, 2'400'000}, 2'400'000,
       "4 årsværk og husleje; opstart 1. juli 2024."},
      {"E5", "Vedligehold af cykelstier og nye stiforbindelser", "teknik-og-miljoeudvalget", false,
       "Efterslæbet på cykelstier indhentes over fire år.", {3'200'000, 3'200'000, 3'200'000, 3'200'000},
       3'200'000, "Vedligeholdelsesplanen 2023, 14 km om året."},
      {"E6", "Driftstilskud til kulturhus i Fensmark", "kultur-og-fritidsudvalget", true,
       "Lokale foreninger ønsker et kulturhus i den tidligere skole.",
       {1'200'000, 1'200'000, 1'200'000, 1'200'000}, 1'200'000, "Husleje, drift og en halv leder."},
      {"E7", "Klimasekretariat", "oekonomiudvalget", true,
       "Et sekretariat, der koordinerer kommunens klimaplan.",
       {2'000'000, 2'000'000, 2'000'000, 2'000'000}, 2'000'000, "4 årsværk à 500.000 kr."},
      {"E8", "Bedre busbetjening af landdistrikterne", "teknik-og-miljoeudvalget", true,
       "Flere afgange på landruterne om aftenen og i weekenden.",
       {2'600'000, 2'600'000, 2'600'000, 2'600'000}, 2'600'000, "Movias takst for 9.000 køreplantimer."},
  };
  return expansions;
}

const std::vector<Correction>& Corrections() {
  using K = v1::CorrectionKind;
  static const std::vector<Correction> corrections = {
      {"a-social", "socialudvalget", K::CORRECTION_A_PRICE_WAGE_INDEXATION,
       {23'800'000, 23'800'000, 23'800'000, 23'800'000}, "Pris- og lønfremskrivning med KL's skøn."},
      {"a-boern", "boerne-og-uddannelsesudvalget", K::CORRECTION_A_PRICE_WAGE_INDEXATION,
       {30'300'000, 30'300'000, 30'300'000, 30'300'000}, "Pris- og lønfremskrivning med KL's skøn."},
      {"a-aeldre", "aeldre-og-sundhedsudvalget", K::CORRECTION_A_PRICE_WAGE_INDEXATION,
       {20'300'000, 20'300'000, 20'300'000, 20'300'000}, "Pris- og lønfremskrivning med KL's skøn."},
      {"b-aeldre", "aeldre-og-sundhedsudvalget", K::CORRECTION_B_DEMOGRAPHY,
       {8'400'000, 11'900'000, 15'100'000, 18'600'000}, "Demografiregulering: flere borgere over 80 år."},
      {"b-boern", "boerne-og-uddannelsesudvalget", K::CORRECTION_B_DEMOGRAPHY,
       {-2'100'000, -2'800'000, -3'300'000, -3'600'000},
       "Demografiregulering: færre børn i dagpasning."},
      {"c-social", "socialudvalget", K::CORRECTION_C_LAW_AND_CIRCULAR,
       {1'250'000, 1'250'000, 1'250'000, 1'250'000},
       "Lov- og cirkulæreprogram: ændring af serviceloven (DUT under 3 mio. kr., automatisk)."},
      {"c-aeldre", "aeldre-og-sundhedsudvalget", K::CORRECTION_C_LAW_AND_CIRCULAR,
       {4'600'000, 4'600'000, 4'600'000, 4'600'000},
       "Lov- og cirkulæreprogram: ny ældrelov (DUT over 3 mio. kr., konkret vurdering)."},
      {"d-oek", "oekonomiudvalget", K::CORRECTION_D_CIVIL_SERVANT_PENSIONS,
       {-1'700'000, -1'700'000, -1'700'000, -1'700'000},
       "Faktisk beregning af tjenestemandspensioner."},
      {"e-oek", "oekonomiudvalget", K::CORRECTION_E_LAND_AND_BUILDINGS, {-2'300'000, 0, 0, 0},
       "Nettoindtægt ved salg af byggegrunde i Hyllinge."},
      {"f-teknik", "teknik-og-miljoeudvalget", K::CORRECTION_F_BUDGET_ERRORS,
       {1'100'000, 1'100'000, 1'100'000, 1'100'000},
       "Fejlbudgettering: vintertjenesten var budgetteret under det besluttede serviceniveau."},
      {"f-social", "socialudvalget", K::CORRECTION_F_BUDGET_ERRORS,
       {-600'000, -600'000, -600'000, -600'000},
       "Fejlbudgettering: husleje i botilbud var budgetteret to gange."},
      {"g-oek", "oekonomiudvalget", K::CORRECTION_G_TAX_GRANTS_EQUALISATION,
       {2'800'000, 2'800'000, 2'800'000, 2'800'000}, "Renter og afdrag på ny låntagning."},
      {"h-teknik", "teknik-og-miljoeudvalget", K::CORRECTION_H_UTILITY_INTEREST,
       {12'000, 12'000, 12'000, 12'000},
       "Forrentning af mellemværende med Affald og Rotter (0,08 %)."},
      {"i-teknik", "teknik-og-miljoeudvalget", K::CORRECTION_I_UTILITY_BUDGETS,
       {-450'000, -450'000, -450'000, -450'000}, "Budgetforslag for Affald og Rotter."},
      {"j-amu", "arbejdsmarkedsudvalget", K::CORRECTION_J_EMPLOYMENT,
       {6'700'000, 5'900'000, 5'200'000, 5'200'000},
       "Nyt budget på arbejdsmarkedsområdet efter landsskøn og lokale forventninger."},
      {"k-aeldre", "aeldre-og-sundhedsudvalget", K::CORRECTION_K_HEALTH_COFINANCING,
       {2'900'000, 2'900'000, 2'900'000, 2'900'000},
       "Aktivitetsbestemt medfinansiering af sundhed efter landsskøn."},
  };
  return corrections;
}

}  // namespace budgetctl::demo
