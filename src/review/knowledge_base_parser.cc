#include "review/knowledge_base_parser.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cctype>
#include <map>
#include <memory>
#include <set>

namespace rx {
namespace {

// The kinds of entry a file may hold, each as an array of tables ([[interaction]]).
const std::set<std::string>& entry_kinds() {
  static const std::set<std::string> kinds = {"class",    "interaction", "dose_limit", "allergen",
                                              "duplicate_therapy", "age", "pregnancy", "lasa",
                                              "antimicrobial_tier", "prescriber"};
  return kinds;
}

bool is_class_id(std::string_view s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// One [[kind]] table being read: every read names the key, so errors point at its line, and
// keys never read are refused, so a misspelt field is never silently ignored.
class Entry {
 public:
  Entry(const toml::table& table, std::string file, std::string kind, const std::map<std::string, DrugClass>& classes)
      : table_(table), file_(std::move(file)), kind_(std::move(kind)), classes_(classes) {}

  std::string where() const { return fmt::format("{}:{}", file_, line_of(table_)); }

  Status error(std::string_view key, std::string_view what) const {
    const toml::node* n = key.empty() ? nullptr : table_.get(key);
    int line = n != nullptr ? line_of(*n) : line_of(table_);
    std::string entry = id_.empty() ? fmt::format("[[{}]]", kind_) : fmt::format("{} '{}'", kind_, id_);
    std::string field = key.empty() ? "" : fmt::format("{}: ", key);
    return Status::invalid(fmt::format("{}:{}: {}: {}{}", file_, line, entry, field, what));
  }

  void mark_used(const char* key) { used_.insert(key); }

  Result<std::string> id() {
    id_ = TRY(required_string("id"));
    return id_;
  }

  Result<std::optional<std::string>> optional_string(const char* key) {
    used_.insert(key);
    const toml::node* n = table_.get(key);
    if (n == nullptr) return std::optional<std::string>{};
    auto v = n->value<std::string>();
    if (!v) return error(key, fmt::format("expected a string, found {}", type_name(*n)));
    return std::optional<std::string>{*v};
  }

  Result<std::string> required_string(const char* key) {
    auto v = TRY(optional_string(key));
    if (!v || v->find_first_not_of(" \t") == std::string::npos) {
      return error(key, v ? "must not be empty" : "is required and missing");
    }
    return *v;
  }

  Result<std::optional<int>> optional_age(const char* key) {
    used_.insert(key);
    const toml::node* n = table_.get(key);
    if (n == nullptr) return std::optional<int>{};
    auto v = n->value_exact<int64_t>();
    if (!v || *v < 0 || *v > 150) {
      return error(key, fmt::format("expected whole years from 0 to 150, found {}", n->is_value() ? text_of(*n)
                                                                                                   : type_name(*n)));
    }
    return std::optional<int>{static_cast<int>(*v)};
  }

  Result<std::vector<std::string>> string_list(const char* key, bool required) {
    used_.insert(key);
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      if (required) return error(key, "is required and missing");
      return std::vector<std::string>{};
    }
    const toml::array* arr = n->as_array();
    if (arr == nullptr) return error(key, fmt::format("expected an array of strings, found {}", type_name(*n)));
    std::vector<std::string> out;
    for (const toml::node& item : *arr) {
      auto v = item.value<std::string>();
      if (!v) return error(key, fmt::format("expected an array of strings, found a {} in it", type_name(item)));
      out.push_back(*v);
    }
    if (required && out.empty()) return error(key, "must list at least one value");
    return out;
  }

  // "nsaid" (a class id) or "C10AA01" (an ATC prefix), one string or an array of them.
  Result<DrugSet> drugs(const char* key) {
    used_.insert(key);
    const toml::node* n = table_.get(key);
    std::vector<std::string> selectors;
    if (n != nullptr && n->is_string()) {
      selectors.push_back(*n->value<std::string>());
    } else {
      selectors = TRY(string_list(key, true));
    }
    DrugSet set;
    for (const auto& s : selectors) {
      if (!set.text.empty()) set.text += ", ";
      set.text += s;
      if (is_atc_prefix(s)) {
        set.atc_prefixes.push_back(s);
      } else if (auto it = classes_.find(s); is_class_id(s) && it != classes_.end()) {
        set.atc_prefixes.insert(set.atc_prefixes.end(), it->second.atc_prefixes.begin(),
                                it->second.atc_prefixes.end());
      } else if (is_class_id(s)) {
        return error(key, fmt::format("'{}' is not a class defined by a [[class]] entry", s));
      } else {
        return error(key, fmt::format("expected a class id or an ATC code prefix such as M01A or C10AA01, found '{}'",
                                      s));
      }
    }
    return set;
  }

  // "20 mg": a decimal amount and a unit of the contracts.
  Result<std::optional<Quantity>> quantity(const char* key) {
    auto text = TRY(optional_string(key));
    if (!text) return std::optional<Quantity>{};
    auto space = text->find(' ');
    if (space == std::string::npos) {
      return error(key, fmt::format("expected an amount and a unit such as \"20 mg\", found \"{}\"", *text));
    }
    auto unit = parse_unit(text->substr(space + 1));
    if (!unit.ok()) return error(key, fmt::format("unknown unit in \"{}\": {}", *text, unit.status().message()));
    auto q = Quantity::parse(text->substr(0, space), *unit);
    if (!q.ok() || !q->positive()) {
      return error(key, fmt::format("expected a positive amount such as \"20 mg\", found \"{}\"", *text));
    }
    return std::optional<Quantity>{*q};
  }

  template <class E>
  Result<E> choice(const char* key, const std::vector<std::pair<std::string_view, E>>& options) {
    auto text = TRY(optional_string(key));
    if (!text) return error(key, "is required and missing");
    std::string expected;
    for (const auto& [name, value] : options) {
      if (*text == name) return value;
      expected += expected.empty() ? std::string(name) : ", " + std::string(name);
    }
    return error(key, fmt::format("expected one of {}, found '{}'", expected, *text));
  }

  Status finish() const {
    for (const auto& [k, v] : table_) {
      if (!used_.count(std::string(k.str()))) {
        int line = static_cast<int>(k.source().begin.line);
        std::string entry = id_.empty() ? fmt::format("[[{}]]", kind_) : fmt::format("{} '{}'", kind_, id_);
        return Status::invalid(fmt::format("{}:{}: {}: unknown field '{}'", file_, line, entry, k.str()));
      }
    }
    return Status();
  }

 private:
  static std::string type_name(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::table: return "a table";
      case toml::node_type::array: return "an array";
      case toml::node_type::string: return "a string";
      case toml::node_type::integer: return "an integer";
      case toml::node_type::floating_point: return "a number";
      case toml::node_type::boolean: return "a boolean";
      default: return "a date or time";
    }
  }
  static std::string text_of(const toml::node& n) {
    if (auto s = n.value<std::string>()) return "\"" + *s + "\"";
    if (auto i = n.value_exact<int64_t>()) return std::to_string(*i);
    return type_name(n);
  }

  const toml::table& table_;
  std::string file_;
  std::string kind_;
  const std::map<std::string, DrugClass>& classes_;
  std::string id_;
  std::set<std::string> used_;
};

const std::vector<std::pair<std::string_view, Caution>> kCautions = {{"contraindicated", Caution::kContraindicated},
                                                                     {"caution", Caution::kCaution}};
const std::vector<std::pair<std::string_view, AntimicrobialTier>> kTiers = {
    {"non_restricted", AntimicrobialTier::kNonRestricted},
    {"restricted", AntimicrobialTier::kRestricted},
    {"special", AntimicrobialTier::kSpecial}};

Result<DrugClass> read_class(Entry& e) {
  DrugClass c;
  c.id = TRY(e.id());
  if (!is_class_id(c.id)) {
    return e.error("id", fmt::format("a class id is lower-case letters, digits and '_', found '{}'", c.id));
  }
  c.name = TRY(e.required_string("name"));
  auto atc = TRY(e.string_list("atc", true));
  for (const auto& p : atc) {
    if (!is_atc_prefix(p)) return e.error("atc", fmt::format("expected ATC code prefixes such as M01A, found '{}'", p));
  }
  c.atc_prefixes = atc;
  c.source = TRY(e.required_string("source"));
  c.where = e.where();
  return c;
}

Result<Interaction> read_interaction(Entry& e) {
  Interaction x;
  x.id = TRY(e.id());
  x.a = TRY(e.drugs("a"));
  x.b = TRY(e.drugs("b"));
  x.severity = TRY(e.choice<InteractionSeverity>("severity", {{"contraindicated", InteractionSeverity::kContraindicated},
                                                              {"major", InteractionSeverity::kMajor},
                                                              {"moderate", InteractionSeverity::kModerate},
                                                              {"minor", InteractionSeverity::kMinor}}));
  x.a_daily_above = TRY(e.quantity("a_daily_above"));
  x.mechanism = TRY(e.required_string("mechanism"));
  x.advice = TRY(e.required_string("advice"));
  x.source = TRY(e.required_string("source"));
  x.where = e.where();
  return x;
}

Result<DoseLimit> read_dose_limit(Entry& e) {
  DoseLimit d;
  d.id = TRY(e.id());
  d.drugs = TRY(e.drugs("drugs"));
  d.age_from = TRY(e.optional_age("age_from"));
  d.age_to = TRY(e.optional_age("age_to"));
  if (d.age_from && d.age_to && *d.age_from >= *d.age_to) {
    return e.error("age_to", fmt::format("must be above age_from ({}), found {}", *d.age_from, *d.age_to));
  }
  d.max_single = TRY(e.quantity("max_single"));
  d.max_daily = TRY(e.quantity("max_daily"));
  d.max_single_per_kg = TRY(e.quantity("max_single_per_kg"));
  d.max_daily_per_kg = TRY(e.quantity("max_daily_per_kg"));
  d.min_single = TRY(e.quantity("min_single"));
  d.min_daily = TRY(e.quantity("min_daily"));
  for (const auto& f : TRY(e.string_list("frequencies", false))) {
    auto parsed = parse_frequency(f);
    if (!parsed.ok()) return e.error("frequencies", fmt::format("'{}' is not a frequency code such as qd or qw", f));
    d.frequencies.push_back(*parsed);
  }
  if (!d.max_single && !d.max_daily && !d.max_single_per_kg && !d.max_daily_per_kg && !d.min_single &&
      !d.min_daily && d.frequencies.empty()) {
    return e.error("", "sets no limit: expected at least one of max_single, max_daily, max_single_per_kg, "
                       "max_daily_per_kg, min_single, min_daily, frequencies");
  }
  d.note = TRY(e.optional_string("note")).value_or("");
  d.source = TRY(e.required_string("source"));
  d.where = e.where();
  return d;
}

Result<Allergen> read_allergen(Entry& e, const toml::table& table, const std::string& file,
                               const std::map<std::string, DrugClass>& classes) {
  Allergen a;
  a.id = TRY(e.id());
  a.names = TRY(e.string_list("names", false));
  for (auto& n : a.names) {
    for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  a.names.insert(a.names.begin(), a.id);
  a.drugs = TRY(e.drugs("drugs"));
  a.source = TRY(e.required_string("source"));
  e.mark_used("cross_reactivity");  // its tables are read below, each as an entry of its own
  if (const toml::node* n = table.get("cross_reactivity")) {
    const toml::array* arr = n->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      return e.error("cross_reactivity", "expected [[allergen.cross_reactivity]] tables");
    }
    for (const toml::node& item : *arr) {
      Entry c(*item.as_table(), file, "allergen.cross_reactivity", classes);
      CrossReactivity cr;
      cr.drugs = TRY(c.drugs("drugs"));
      cr.note = TRY(c.required_string("note"));
      cr.source = TRY(c.required_string("source"));
      TRY(c.finish());
      a.cross.push_back(std::move(cr));
    }
  }
  a.where = e.where();
  return a;
}

Result<DuplicateClass> read_duplicate(Entry& e) {
  DuplicateClass d;
  d.id = TRY(e.id());
  d.name = TRY(e.required_string("name"));
  d.drugs = TRY(e.drugs("drugs"));
  d.source = TRY(e.required_string("source"));
  d.where = e.where();
  return d;
}

Result<AgeContraindication> read_age(Entry& e) {
  AgeContraindication r;
  r.id = TRY(e.id());
  r.drugs = TRY(e.drugs("drugs"));
  r.below = TRY(e.optional_age("below"));
  r.from = TRY(e.optional_age("from"));
  if (r.below.has_value() == r.from.has_value()) {
    return e.error("below", "expected exactly one of below (younger patients) and from (older patients)");
  }
  r.level = TRY(e.choice<Caution>("level", kCautions));
  r.reason = TRY(e.required_string("reason"));
  r.source = TRY(e.required_string("source"));
  r.where = e.where();
  return r;
}

Result<PregnancyContraindication> read_pregnancy(Entry& e) {
  PregnancyContraindication r;
  r.id = TRY(e.id());
  r.drugs = TRY(e.drugs("drugs"));
  r.level = TRY(e.choice<Caution>("level", kCautions));
  r.reason = TRY(e.required_string("reason"));
  r.source = TRY(e.required_string("source"));
  r.where = e.where();
  return r;
}

Result<LasaGroup> read_lasa(Entry& e) {
  LasaGroup g;
  g.id = TRY(e.id());
  auto members = TRY(e.string_list("members", true));
  if (members.size() < 2) return e.error("members", fmt::format("a LASA group needs two products, found {}", members.size()));
  for (const auto& m : members) g.members.push_back(DrugCode(m));
  g.reason = TRY(e.required_string("reason"));
  g.source = TRY(e.required_string("source"));
  g.where = e.where();
  return g;
}

Result<AntimicrobialTierEntry> read_tier(Entry& e) {
  AntimicrobialTierEntry t;
  t.id = TRY(e.id());
  t.drugs = TRY(e.drugs("drugs"));
  t.tier = TRY(e.choice<AntimicrobialTier>("tier", kTiers));
  t.source = TRY(e.required_string("source"));
  t.where = e.where();
  return t;
}

Result<PrescriberAuthority> read_prescriber(Entry& e) {
  PrescriberAuthority p;
  p.id = TRY(e.id());
  p.name = TRY(e.optional_string("name")).value_or("");
  p.antimicrobial_tier = TRY(e.choice<AntimicrobialTier>("antimicrobial_tier", kTiers));
  p.source = TRY(e.required_string("source"));
  p.where = e.where();
  return p;
}

struct Parsed {
  std::string name;
  std::unique_ptr<toml::table> root;
};

template <class T>
Status add_unique(std::vector<T>& list, T entry, std::string_view kind, std::map<std::string, std::string>& seen) {
  std::string key = std::string(kind) + "\n" + entry.id;
  if (auto it = seen.find(key); it != seen.end()) {
    return Status::invalid(fmt::format("{}: {} '{}' is defined twice; first at {}", entry.where, kind, entry.id,
                                       it->second));
  }
  seen.emplace(key, entry.where);
  list.push_back(std::move(entry));
  return Status();
}

}  // namespace

Result<KnowledgeBase> parse_knowledge_base(const std::vector<KnowledgeFile>& files) {
  std::vector<Parsed> parsed;
  for (const auto& f : files) {
    Parsed p{f.name, std::make_unique<toml::table>()};
    try {
      *p.root = toml::parse(f.text, f.name);
    } catch (const toml::parse_error& e) {
      int line = static_cast<int>(e.source().begin.line);
      return Status::invalid(fmt::format("{}:{}: not valid TOML: {}", f.name, line, e.description()));
    }
    for (const auto& [key, node] : *p.root) {
      int line = static_cast<int>(key.source().begin.line);
      std::string k(key.str());
      if (!entry_kinds().count(k)) {
        std::string known;
        for (const auto& kind : entry_kinds()) known += (known.empty() ? "" : ", ") + kind;
        return Status::invalid(fmt::format("{}:{}: unknown entry kind '{}'; expected [[kind]] tables of: {}", f.name,
                                           line, k, known));
      }
      const toml::array* arr = node.as_array();
      if (arr == nullptr || !arr->is_array_of_tables()) {
        return Status::invalid(fmt::format("{}:{}: '{}' must be written as [[{}]] tables", f.name, line, k, k));
      }
    }
    parsed.push_back(std::move(p));
  }

  KnowledgeBase kb;
  std::map<std::string, std::string> seen;
  std::map<std::string, DrugClass> classes;
  const std::map<std::string, DrugClass> no_classes;
  // Classes first, from every file, so that any entry may name any class.
  for (const auto& p : parsed) {
    if (const toml::array* arr = (*p.root)["class"].as_array()) {
      for (const toml::node& n : *arr) {
        Entry e(*n.as_table(), p.name, "class", no_classes);
        DrugClass c = TRY(read_class(e));
        TRY(e.finish());
        classes.emplace(c.id, c);
        TRY(add_unique(kb.classes, std::move(c), "class", seen));
      }
    }
  }
  for (const auto& p : parsed) {
    for (const auto& [key, node] : *p.root) {
      const std::string kind(key.str());
      if (kind == "class") continue;
      for (const toml::node& n : *node.as_array()) {
        const toml::table& table = *n.as_table();
        Entry e(table, p.name, kind, classes);
        if (kind == "interaction") {
          TRY(add_unique(kb.interactions, TRY(read_interaction(e)), kind, seen));
        } else if (kind == "dose_limit") {
          TRY(add_unique(kb.dose_limits, TRY(read_dose_limit(e)), kind, seen));
        } else if (kind == "allergen") {
          TRY(add_unique(kb.allergens, TRY(read_allergen(e, table, p.name, classes)), kind, seen));
        } else if (kind == "duplicate_therapy") {
          TRY(add_unique(kb.duplicate_classes, TRY(read_duplicate(e)), kind, seen));
        } else if (kind == "age") {
          TRY(add_unique(kb.age_rules, TRY(read_age(e)), kind, seen));
        } else if (kind == "pregnancy") {
          TRY(add_unique(kb.pregnancy_rules, TRY(read_pregnancy(e)), kind, seen));
        } else if (kind == "lasa") {
          TRY(add_unique(kb.lasa_groups, TRY(read_lasa(e)), kind, seen));
        } else if (kind == "antimicrobial_tier") {
          TRY(add_unique(kb.antimicrobial_tiers, TRY(read_tier(e)), kind, seen));
        } else if (kind == "prescriber") {
          TRY(add_unique(kb.prescribers, TRY(read_prescriber(e)), kind, seen));
        }
        TRY(e.finish());
      }
    }
  }
  return kb;
}

Status check_against_formulary(const KnowledgeBase& kb, const Formulary& formulary) {
  for (const auto& g : kb.lasa_groups) {
    for (const auto& code : g.members) {
      if (formulary.find(code) == nullptr) {
        return Status::invalid(fmt::format("{}: lasa '{}': member '{}' is not a formulary code", g.where, g.id,
                                           code.value()));
      }
    }
  }
  return Status();
}

}  // namespace rx
