// The demo's catalogue of reprioritisation proposals: 42 proposals across
// every topic of seed 004 ("Emner til omprioriteringsforslag"), 111,5 mio. kr.
// at full implementation once one is withdrawn. Most take effect on
// 1 January 2024; some are phased in. Texts are in Danish, as a case worker
// would write them.
#include "absl/strings/str_cat.h"
#include "clients/budgetctl/demo_data.h"
#include "clients/budgetctl/errors.h"

namespace budgetctl::demo {
namespace {

namespace v1 = budget::v1;

constexpr const char* kOek = "oekonomiudvalget";
constexpr const char* kSoc = "socialudvalget";
constexpr const char* kBuu = "boerne-og-uddannelsesudvalget";
constexpr const char* kAes = "aeldre-og-sundhedsudvalget";
constexpr const char* kTek = "teknik-og-miljoeudvalget";
constexpr const char* kKul = "kultur-og-fritidsudvalget";
constexpr const char* kAmu = "arbejdsmarkedsudvalget";

const std::vector<const char*> kAll = {kOek, kSoc, kBuu, kAes, kTek, kKul, kAmu};

// The same saving every year of the period.
constexpr Years Flat(int64_t kr) { return {kr, kr, kr, kr}; }

constexpr auto kAdm = v1::SUBMITTER_ADMINISTRATION;
constexpr auto kCentre = v1::SUBMITTER_CENTRE;
constexpr auto kHmu = v1::SUBMITTER_HMU;
constexpr auto kEmployee = v1::SUBMITTER_EMPLOYEE;

std::vector<Proposal> Build() {
  using C = v1::ProposalCategory;
  return {
      // September 2022: the first proposals, several shown at the November theme meeting.
      {"X1", "Nedbringelse af sygefraværet med 1 procentpoint", C::CATEGORY_SICKNESS_ABSENCE, kAll,
       {}, {}, 12'000'000, {5'000'000, 9'000'000, 12'000'000, 12'000'000}, "2024-01-01", 0, kAdm,
       "Fælles indsats i hele organisationen: tidlig dialog, fraværssamtaler og ledelsesinformation "
       "hver måned. Frigjorte timer og lavere vikarforbrug, og færre sygedagpengemodtagere på "
       "arbejdsmarkedsområdet.",
       "Ingen direkte konsekvenser; flere faste ansigter og færre vikarer.",
       "Tættere opfølgning på fravær; ingen afskedigelser, timerne prioriteres af byrådet."},
      {"X2", "Højere brug af kommunens indkøbsaftaler", C::CATEGORY_PURCHASING_AGREEMENTS,
       {kOek, kSoc, kBuu, kAes, kTek}, {"koncernservice"}, {}, 7'400'000,
       {4'900'000, 7'400'000, 7'400'000, 7'400'000}, "2024-01-01", 0, kAdm,
       "Køb uden for aftalerne (ca. 18 % i 2022) halveres gennem e-handel, spærring af "
       "kreditorer uden aftale og månedlig opfølgning.",
       "Ingen.", "Mindre frihed i valg af leverandør."},
      {"X3", "Vakancegevinst ved genbesættelse af stillinger", C::CATEGORY_VACANCIES, kAll, {}, {},
       9'000'000, Flat(9'000'000), "2024-01-01", 0, kAdm,
       "Lønbesparelsen i de typisk 1-3 måneders vakance ved opsigelser tilfalder fremover den "
       "tværgående pulje i stedet for centret.",
       "Ingen.", "Centre og virksomheder mister en buffer, som i dag dækker merforbrug."},
      {"S1", "Sammenlægning af Bofællesskabet Enghaven og Botilbuddet Birkebo",
       C::CATEGORY_MERGE_UNITS, {kSoc}, {"handicap-psykiatri"},
       {"bofaellesskab-enghaven", "botilbud-birkebo"}, 3'200'000,
       {1'300'000, 3'200'000, 3'200'000, 3'200'000}, "2024-08-01", 550, kAdm,
       "To små botilbud med 9 og 11 pladser samles i Birkebos bygninger med fælles nattevagt og "
       "ledelse. Pladsprisen falder med ca. 160.000 kr.",
       "Beboerne i Enghaven flytter; alle bevarer en egen bolig.",
       "5,5 årsværk færre, primært nattevagter og ledelse."},
      {"B1", "Sammenlægning af Børnehuset Regnbuen og Børnehuset Mariehønen",
       C::CATEGORY_MERGE_UNITS, {kBuu}, {"dagtilbud"},
       {"boernehuset-regnbuen", "boernehuset-mariehoenen"}, 2'800'000,
       {1'150'000, 2'800'000, 2'800'000, 2'800'000}, "2024-08-01", 450, kAdm,
       "To børnehuse 800 m fra hinanden, begge under 40 børn, samles under én ledelse i "
       "Mariehønens udvidede bygning.",
       "Længere vej for nogle familier; uændret normering pr. barn.",
       "4,5 årsværk færre, heraf én leder."},
      {"X9", "Fælles kørselsordning for handicap-, ældre- og skolekørsel",
       C::CATEGORY_RESTRUCTURE_SERVICES, {kSoc, kAes, kBuu, kTek},
       {"handicap-psykiatri", "sundhed-aeldre", "skoler", "miljoe-teknik"}, {}, 3'600'000,
       {1'800'000, 3'600'000, 3'600'000, 3'600'000}, "2024-07-01", 150, kAdm,
       "Tre kørselsordninger udbydes samlet med fælles planlægning og samkørsel.",
       "Lidt længere køretid for nogle borgere.", "1,5 årsværk færre i planlægningen."},
      {"X5", "Ingen pris- og lønfremskrivning af kontorhold, kurser og rejser",
       C::CATEGORY_PRICE_WAGE_INDEXATION, kAll, {}, {}, 6'000'000, Flat(6'000'000), "2024-01-01", 0,
       kAdm, "Budgetterne til kontorhold, kurser og rejser fremskrives ikke i 2024-2027.",
       "Ingen.", "Færre midler til kurser og efteruddannelse."},
      {"S2", "Fælles værested: Kilden og Fyrtårnet lægges sammen",
       C::CATEGORY_CLOSE_PARALLEL_SERVICES, {kSoc}, {"social-indsats"},
       {"vaerestedet-kilden", "vaerestedet-fyrtaarnet"}, 1'900'000, Flat(1'900'000), "2024-01-01",
       300, kAdm,
       "To væresteder for samme målgruppe samles i Kildens lokaler med længere åbningstid.",
       "Brugerne af Fyrtårnet får længere til værestedet.", "3 årsværk færre."},
      {"X10", "Én indgang for unge under 25: samlet ungeindsats", C::CATEGORY_CLOSE_PARALLEL_SERVICES,
       {kBuu, kAmu, kSoc}, {"boern-unge", "arbejdsmarked", "social-indsats"}, {}, 3'100'000,
       {1'550'000, 3'100'000, 3'100'000, 3'100'000}, "2024-07-01", 400, kAdm,
       "Ungdommens Uddannelsesvejledning, jobcentrets ungeteam og den sociale ungeindsats samles i "
       "ét team med én plan pr. ung.",
       "De unge får én kontaktperson.", "4 årsværk færre i koordinering og ledelse."},
      {"W1", "Lukning af Værestedet Fyrtårnet", C::CATEGORY_CLOSE_PARALLEL_SERVICES, {kSoc},
       {"social-indsats"}, {"vaerestedet-fyrtaarnet"}, 1'200'000, Flat(1'200'000), "2024-01-01",
       200, kAdm, "Fyrtårnet lukkes; brugerne henvises til Kilden.",
       "Brugerne af Fyrtårnet mister deres værested.", "2 årsværk færre."},
      // October 2022.
      {"S3", "Gruppeforløb i stedet for individuel bostøtte", C::CATEGORY_RESTRUCTURE_SERVICES,
       {kSoc}, {"handicap-psykiatri"}, {}, 2'600'000, {2'000'000, 2'600'000, 2'600'000, 2'600'000},
       "2024-01-01", 400, kAdm,
       "Borgere med lettere behov tilbydes bostøtte i grupper (madlavning, økonomi) i stedet for "
       "individuelle besøg.",
       "Mindre individuel tid; flere sociale fællesskaber.", "4 årsværk færre."},
      {"A3", "Rehabilitering før hjemmehjælp", C::CATEGORY_RESTRUCTURE_SERVICES, {kAes},
       {"sundhed-aeldre"}, {}, 5'200'000, {3'000'000, 5'200'000, 5'200'000, 5'200'000},
       "2024-01-01", 900, kAdm,
       "Alle nye ansøgere om praktisk hjælp tilbydes et forløb på 8-12 uger, før hjælpen visiteres.",
       "Flere klarer sig selv længere.", "9 årsværk færre i hjemmeplejen over tre år."},
      {"X4", "Mindre spild: fælles madordning og genbrug af inventar", C::CATEGORY_CONSUMPTION,
       {kOek, kSoc, kAes, kBuu}, {"koncernservice", "ejendomme"}, {}, 3'500'000, Flat(3'500'000),
       "2024-01-01", 0, kAdm,
       "Fælles indkøb og produktion af mad og en intern genbrugsbørs for møbler og inventar.",
       "Ingen.", "Ingen."},
      {"X6", "Gennemgang og nedlæggelse af puljer", C::CATEGORY_POOLS, {kOek, kSoc, kKul, kTek},
       {"politik-udvikling"}, {}, 4'100'000, Flat(4'100'000), "2024-01-01", 0, kAdm,
       "Alle 37 puljer er listet med formål og forbrug; 12 puljer med lavt eller intet forbrug "
       "nedlægges.",
       "Færre muligheder for at søge tilskud til lokale projekter.", "Ingen."},
      {"M1", "Gruppeforløb for ledige i stedet for individuelle samtaler",
       C::CATEGORY_RESTRUCTURE_SERVICES, {kAmu}, {"arbejdsmarked"}, {"jobcenter"}, 3'100'000,
       Flat(3'100'000), "2024-01-01", 400, kAdm,
       "Jobklare ledige mødes i grupper de første tre måneder.",
       "Færre individuelle samtaler.", "4 årsværk færre i jobcentret."},
      {"K2", "Lukning af filialbiblioteket i Glumsø", C::CATEGORY_NON_SUSTAINABLE_UNITS, {kKul},
       {"kultur-fritid"}, {"bibliotekerne"}, 700'000, {525'000, 700'000, 700'000, 700'000},
       "2024-04-01", 150, kAdm,
       "Filialen har under 30 besøgende om dagen; bogbussen kører i stedet to gange om ugen.",
       "Længere til nærmeste bibliotek.", "1,5 årsværk færre."},
      {"O1", "Færre kvadratmeter: salg af tomme kommunale bygninger", C::CATEGORY_OTHER, {kOek},
       {"ejendomme"}, {}, 4'500'000, {0, 2'000'000, 4'500'000, 4'500'000}, "2025-01-01", 0, kAdm,
       "Seks bygninger med lav udnyttelse sælges; aktiviteterne flyttes til eksisterende lokaler.",
       "Nogle foreninger skal dele lokaler.", "Ingen."},
      {"B4", "Hjemtagning af specialundervisning fra private skoler", C::CATEGORY_RESTRUCTURE_SERVICES,
       {kBuu}, {"skoler"}, {}, 3'400'000, {1'700'000, 3'400'000, 3'400'000, 3'400'000},
       "2024-08-01", 0, kAdm,
       "To nye specialklasser på Herlufsholmvej Skole tager 10 elever, som i dag går i private "
       "specialskoler.",
       "Eleverne går i skole tættere på hjemmet.", "Nye stillinger i specialklasserne."},
      {"X7", "Færre IT-systemer: ét fagsystem til sagsbehandling", C::CATEGORY_IT_SYSTEMS,
       {kOek, kSoc, kBuu, kAmu}, {"koncernservice"}, {}, 2'900'000,
       {0, 1'500'000, 2'900'000, 2'900'000}, "2025-01-01", 300, kAdm,
       "Fire fagsystemer med overlappende funktioner erstattes af det system, vi allerede har på "
       "socialområdet.",
       "Ingen.", "Omlægning og oplæring; 3 årsværk færre i systemadministration."},
      {"X8", "Robotter til fakturahåndtering og sygedagpengeopfølgning", C::CATEGORY_DIGITALISATION,
       {kOek, kAmu}, {"koncernservice", "arbejdsmarked"}, {}, 2'200'000,
       {1'100'000, 2'200'000, 2'200'000, 2'200'000}, "2024-01-01", 300, kAdm,
       "Softwarerobotter konterer fakturaer og sender breve i sygedagpengesager.",
       "Hurtigere svar.", "3 årsværk færre i administrationen."},
      // December 2022.
      {"S4", "Virtuel bostøtte (skærmbesøg)", C::CATEGORY_DIGITALISATION, {kSoc},
       {"handicap-psykiatri"}, {}, 1'400'000, {700'000, 1'400'000, 1'400'000, 1'400'000},
       "2024-07-01", 200, kCentre,
       "En del af bostøtten gives som skærmbesøg, hvor borgeren ønsker det.",
       "Kortere besøg, flere kontakter.", "2 årsværk færre, mindre kørsel."},
      {"S5", "Lukning af Rusmiddelcentrets udekontor", C::CATEGORY_NON_SUSTAINABLE_UNITS, {kSoc},
       {"social-indsats"}, {"rusmiddelcenter"}, 1'300'000, Flat(1'300'000), "2024-01-01", 200,
       kAdm, "Udekontoret i Fuglebjerg har få borgere; behandlingen samles i Næstved.",
       "Længere transport for 25 borgere.", "2 årsværk færre."},
      {"S6", "Færre kontrolbesøg på private botilbud", C::CATEGORY_FEWER_CONTROL_TASKS, {kSoc},
       {"handicap-psykiatri"}, {}, 800'000, Flat(800'000), "2024-01-01", 150, kAdm,
       "Socialtilsynet fører tilsyn; kommunens egne ekstra besøg reduceres til ét om året.",
       "Ingen.", "1,5 årsværk færre."},
      {"B2", "Ungdomsskolens knallertkørekort ophører", C::CATEGORY_CLOSE_LOW_VALUE_SERVICES, {kBuu},
       {"skoler"}, {"ungdomsskolen"}, 600'000, {250'000, 600'000, 600'000, 600'000}, "2024-08-01",
       100, kAdm, "Holdet har faldende tilmelding; tilbuddet findes hos private køreskoler.",
       "Unge skal betale for knallertkørekort selv.", "1 årsværk færre."},
      {"B3", "Virtuel lektiehjælp i stedet for lokale lektiecaféer",
       C::CATEGORY_RESTRUCTURE_SERVICES, {kBuu}, {"skoler"}, {}, 1'500'000, Flat(1'500'000),
       "2024-01-01", 250, kAdm,
       "Lektiehjælpen samles i én virtuel lektiecafé med åbent hver hverdag.",
       "Mere fleksibel hjælp, mindre fysisk fællesskab.", "2,5 årsværk færre."},
      {"B5", "Udvalgets pulje til lokale initiativer nedlægges", C::CATEGORY_POOLS, {kBuu},
       {"boern-unge"}, {}, 1'200'000, Flat(1'200'000), "2024-01-01", 0, kAdm,
       "Puljen har været brugt til enkeltprojekter uden varig effekt.",
       "Færre lokale projekter.", "Ingen."},
      {"B6", "Digital ansøgning om fripladser", C::CATEGORY_DIGITALISATION, {kBuu}, {"dagtilbud"},
       {}, 600'000, {300'000, 600'000, 600'000, 600'000}, "2024-01-01", 100, kCentre,
       "Ansøgning og beregning af økonomisk friplads sker automatisk med data fra eIndkomst.",
       "Hurtigere afgørelser.", "1 årsværk færre."},
      {"B7", "Udvalgets forslag: færre temadage i SFO", C::CATEGORY_COMMITTEE_SUGGESTIONS, {kBuu},
       {"skoler"}, {}, 900'000, Flat(900'000), "2024-01-01", 150, kAdm,
       "Fra udvalgets budgetsag juni 2022: temadage i SFO reduceres fra 10 til 4 om året.",
       "Færre udflugter.", "1,5 årsværk færre."},
      {"T1", "Genbrugspladsen i Holme-Olstrup holder vinterlukket", C::CATEGORY_NON_SUSTAINABLE_UNITS,
       {kTek}, {"miljoe-teknik"}, {"genbrugspladsen-holme-olstrup"}, 900'000, Flat(900'000),
       "2024-01-01", 100, kAdm, "Pladsen holder lukket november-februar, hvor der er få besøg.",
       "Længere til genbrugsplads om vinteren.", "1 årsværk færre."},
      {"T2", "Digital kontrol af affaldsbeholdere", C::CATEGORY_FEWER_CONTROL_TASKS, {kTek},
       {"miljoe-teknik"}, {}, 700'000, {350'000, 700'000, 700'000, 700'000}, "2024-07-01", 100,
       kAdm, "Chips i beholderne erstatter manuel kontrol af tømninger.", "Ingen.",
       "1 årsværk færre."},
      {"T3", "LED-belysning og slukket vejlys kl. 1-5 på landet", C::CATEGORY_CONSUMPTION, {kTek},
       {"miljoe-teknik"}, {}, 1'600'000, {800'000, 1'600'000, 1'600'000, 1'600'000}, "2024-07-01",
       0, kAdm, "Resten af vejbelysningen skiftes til LED; på landet slukkes om natten.",
       "Mørkere veje om natten uden for byerne.", "Ingen."},
      // January 2023: HMU's proposals, then the rest.
      {"X12", "Mindre mødetid og dobbeltregistrering", C::CATEGORY_OTHER, {kOek, kSoc, kAes, kBuu},
       {}, {}, 1'800'000, Flat(1'800'000), "2024-01-01", 300, kHmu,
       "MED-Hovedudvalgets forslag: faste møder halveres, og registreringer, der findes i flere "
       "systemer, foretages kun ét sted.",
       "Mere tid hos borgerne.", "Færre møder; 3 årsværk færre gennem naturlig afgang."},
      {"X13", "Genbrug af IT-udstyr og møbler på tværs af centre", C::CATEGORY_CONSUMPTION,
       {kOek, kBuu, kAes}, {}, {}, 900'000, Flat(900'000), "2024-01-01", 0, kHmu,
       "MED-Hovedudvalgets forslag: pc'er og møbler genbruges, før der købes nyt.", "Ingen.",
       "Ingen."},
      {"H3", "Fleksible vagtplaner i døgntilbud", C::CATEGORY_OTHER, {kSoc}, {"handicap-psykiatri"},
       {}, 900'000, Flat(900'000), "2024-01-01", 150, kHmu,
       "MED-Hovedudvalgets forslag: selvplanlægning af vagter nedbringer brugen af vikarer.",
       "Mere kendt personale.", "Større indflydelse på egne vagter."},
      {"A1", "Ét produktionskøkken for plejecentrene", C::CATEGORY_MERGE_UNITS, {kAes},
       {"sundhed-aeldre"}, {"plejecenter-aeblehaven"}, 3'000'000,
       {1'750'000, 3'000'000, 3'000'000, 3'000'000}, "2024-06-01", 450, kAdm,
       "Køkkenerne på fire plejecentre samles i Æblehavens køkken; maden anrettes lokalt.",
       "Mindre madduft på afdelingerne.", "4,5 årsværk færre."},
      {"A2", "Skærmbesøg i hjemmeplejen", C::CATEGORY_DIGITALISATION, {kAes}, {"sundhed-aeldre"},
       {}, 3'100'000, {1'600'000, 3'100'000, 3'100'000, 3'100'000}, "2024-01-01", 500, kAdm,
       "Medicinpåmindelser og tilsyn gives som skærmbesøg, hvor det er fagligt forsvarligt.",
       "Færre fysiske besøg.", "5 årsværk færre, mindre kørsel."},
      {"K1", "Åbent Bibliotek: længere åbent, kortere bemandet tid", C::CATEGORY_RESTRUCTURE_SERVICES,
       {kKul}, {"kultur-fritid"}, {"bibliotekerne"}, 1'100'000, Flat(1'100'000), "2024-01-01", 200,
       kAdm, "Selvbetjening fra 7 til 22; bemandet åbningstid reduceres med 10 timer om ugen.",
       "Længere åbningstid, mindre personlig vejledning.", "2 årsværk færre."},
      {"M2", "Eksterne mentorforløb med lav effekt ophører", C::CATEGORY_CLOSE_LOW_VALUE_SERVICES,
       {kAmu}, {"arbejdsmarked"}, {}, 1'700'000, Flat(1'700'000), "2024-01-01", 0, kAdm,
       "Effektmålingen viser, at kun 8 % kommer i job eller uddannelse efter forløbet.",
       "Færre mentorforløb.", "Ingen; forløbene købes eksternt."},
      {"O2", "Én rengøringsenhed for alle kommunale bygninger", C::CATEGORY_MERGE_UNITS, {kOek},
       {"ejendomme"}, {}, 2'000'000, {1'000'000, 2'000'000, 2'000'000, 2'000'000}, "2024-07-01",
       400, kAdm, "Syv rengøringsteams samles i Center for Ejendomme med fælles planlægning.",
       "Ingen.", "4 årsværk færre."},
      {"X14", "Samling af administrative funktioner i Borgerservice og Jobcenter",
       C::CATEGORY_MERGE_UNITS, {kOek, kAmu}, {"koncernservice", "arbejdsmarked"}, {"jobcenter"},
       2'100'000, Flat(2'100'000), "2024-01-01", 350, kAdm,
       "Reception, post og ydelsesadministration samles i ét team.", "Én indgang for borgerne.",
       "3,5 årsværk færre."},
      {"O3", "Medarbejderforslag: digital post i stedet for papirbreve", C::CATEGORY_DIGITALISATION,
       {kOek}, {"koncernservice"}, {}, 500'000, Flat(500'000), "2024-01-01", 50, kEmployee,
       "Breve, der i dag printes og sendes, går til Digital Post; porto og print spares.",
       "Borgere fritaget for Digital Post får fortsat brev.", "0,5 årsværk færre."},
      {"C1", "Energistyring i kommunale bygninger", C::CATEGORY_CONSUMPTION, {kOek}, {"ejendomme"},
       {}, 1'500'000, {750'000, 1'500'000, 1'500'000, 1'500'000}, "2024-07-01", 0, kCentre,
       "Fjernaflæste målere og styring af varme og ventilation efter brug.", "Ingen.", "Ingen."},
  };
}

}  // namespace

const std::vector<Proposal>& Catalogue() {
  static const std::vector<Proposal> catalogue = Build();
  return catalogue;
}

const Proposal& FindProposal(const std::string& key) {
  for (const Proposal& p : Catalogue()) {
    if (key == p.key) return p;
  }
  throw CommandError(absl::StrCat("demo data: no proposal ", key));
}

}  // namespace budgetctl::demo
