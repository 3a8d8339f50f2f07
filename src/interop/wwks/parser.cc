#include "interop/wwks/parser.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <utility>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "interop/wwks/errata_repair.h"
#include "interop/wwks/text_escaping.h"

namespace rx::wwks {
namespace {

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// One element being read, with its path for error messages.
class Node {
 public:
  Node(pugi::xml_node node, std::string path) : node_(node), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  std::string_view name() const { return node_.name(); }
  pugi::xml_node xml() const { return node_; }

  Status attribute_error(std::string_view attribute, std::string_view message) const {
    return Status::invalid(std::string(message), fmt::format("{}/@{}", path_, attribute));
  }
  Status element_error(std::string_view message) const {
    return Status::invalid(std::string(message), path_);
  }

  std::optional<std::string> optional_string(const char* name) const {
    pugi::xml_attribute a = node_.attribute(name);
    if (!a) return std::nullopt;
    return decode_control_escapes(a.value());
  }
  Result<std::string> string(const char* name) const {
    auto v = optional_string(name);
    if (!v) return missing(name, "a string");
    return std::move(*v);
  }

  Result<std::optional<int64_t>> optional_integer(const char* name, int64_t min, int64_t max) const {
    pugi::xml_attribute a = node_.attribute(name);
    if (!a) return std::optional<int64_t>{};
    std::string_view text = a.value();
    int64_t value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(first, last, value);
    bool digits_only = !text.empty() && text.find_first_not_of("-0123456789") == std::string_view::npos;
    if (!digits_only || ec != std::errc() || ptr != last || value < min || value > max) {
      return attribute_error(name, fmt::format("expected {}, found '{}'", integer_range(min, max), text));
    }
    return std::optional<int64_t>{value};
  }
  Result<int64_t> integer(const char* name, int64_t min, int64_t max) const {
    auto v = TRY(optional_integer(name, min, max));
    if (!v) return missing(name, integer_range(min, max));
    return *v;
  }
  Result<std::optional<int32_t>> optional_int32(const char* name, int64_t min = kInt32Min) const {
    auto v = TRY(optional_integer(name, min, kInt32Max));
    if (!v) return std::optional<int32_t>{};
    return std::optional<int32_t>{static_cast<int32_t>(*v)};
  }
  Result<int32_t> int32(const char* name, int64_t min = kInt32Min) const {
    return static_cast<int32_t>(TRY(integer(name, min, kInt32Max)));
  }
  Result<std::optional<int64_t>> optional_int64(const char* name, int64_t min) const {
    return optional_integer(name, min, kInt64Max);
  }

  Result<std::optional<bool>> optional_bool(const char* name) const {
    pugi::xml_attribute a = node_.attribute(name);
    if (!a) return std::optional<bool>{};
    std::string_view text = a.value();
    if (text == "True") return std::optional<bool>{true};
    if (text == "False") return std::optional<bool>{false};
    return attribute_error(name, fmt::format("expected 'True' or 'False', found '{}'", text));
  }

  Result<std::optional<Date>> optional_date(const char* name) const {
    pugi::xml_attribute a = node_.attribute(name);
    if (!a) return std::optional<Date>{};
    std::string_view text = a.value();
    // parse_date also reads YYYYMMDD; the manual has only YYYY-MM-DD.
    auto date = parse_date(text);
    if (text.size() != 10 || !date.ok()) {
      return attribute_error(name, fmt::format("expected a date YYYY-MM-DD, found '{}'", text));
    }
    return std::optional<Date>{*date};
  }

  template <class E>
  Result<std::optional<E>> optional_enum(const char* name) const {
    pugi::xml_attribute a = node_.attribute(name);
    if (!a) return std::optional<E>{};
    std::string_view text = a.value();
    auto v = from_spelling<E>(text);
    if (!v) return attribute_error(name, fmt::format("expected {}, found '{}'", spellings<E>(), text));
    return v;
  }
  template <class E>
  Result<E> enumeration(const char* name) const {
    auto v = TRY(optional_enum<E>(name));
    if (!v) return missing(name, spellings<E>());
    return *v;
  }

  // Every child element named `name`, numbered from 1 in their paths.
  std::vector<Node> children(const char* name) const {
    std::vector<Node> out;
    for (pugi::xml_node c = node_.child(name); c; c = c.next_sibling(name)) {
      out.emplace_back(c, fmt::format("{}/{}[{}]", path_, name, out.size() + 1));
    }
    return out;
  }
  Result<std::optional<Node>> optional_child(const char* name) const {
    pugi::xml_node c = node_.child(name);
    if (!c) return std::optional<Node>{};
    if (c.next_sibling(name)) {
      return element_error(fmt::format("expected at most one <{}> element, found several", name));
    }
    return std::optional<Node>{Node(c, fmt::format("{}/{}", path_, name))};
  }
  Result<Node> child(const char* name) const {
    auto c = TRY(optional_child(name));
    if (!c) return element_error(fmt::format("required element <{}> is missing", name));
    return std::move(*c);
  }
  Result<std::vector<Node>> children_at_least_one(const char* name) const {
    auto out = children(name);
    if (out.empty()) return element_error(fmt::format("expected at least one <{}> element, found none", name));
    return out;
  }

 private:
  static std::string integer_range(int64_t min, int64_t max) {
    if (max == kInt64Max) return fmt::format("a 64-bit integer >= {}", min);
    if (min == kInt32Min) return "a 32-bit integer";
    return fmt::format("an integer {}..{}", min, max);
  }
  Status missing(const char* name, std::string_view expected) const {
    return attribute_error(name, fmt::format("required attribute is missing; expected {}", expected));
  }

  pugi::xml_node node_;
  std::string path_;
};

// ---- shared elements -------------------------------------------------------

Result<Header> header(const Node& n) {
  Header h;
  h.id = TRY(n.string("Id"));
  h.source = TRY(n.int32("Source", 1));
  h.destination = TRY(n.int32("Destination", 1));
  return h;
}

Result<Subscriber> subscriber(const Node& message) {
  Node n = TRY(message.child("Subscriber"));
  Subscriber s;
  s.id = TRY(n.int32("Id", 1));
  s.type = TRY(n.enumeration<SubscriberType>("Type"));
  s.manufacturer = TRY(n.string("Manufacturer"));
  s.product_info = TRY(n.string("ProductInfo"));
  s.version_info = TRY(n.string("VersionInfo"));
  s.tenant_id = n.optional_string("TenantId");
  for (const Node& c : n.children("Capability")) s.capabilities.push_back(TRY(c.enumeration<Capability>("Name")));
  return s;
}

enum class PackChild { kNone, kHandling, kOutcome, kError };

// What a message requires of its packs; every pack attribute is read wherever
// it appears, these are the checks on top.
struct PackRules {
  bool scan_code_required = false;
  bool id_required = false;
  int64_t id_min = 0;
  bool output_destination_required = false;
  PackChild child = PackChild::kNone;
  bool child_required = false;
};

struct ArticleRules {
  bool id_required = false;
  bool packs_required = false;
  PackRules pack;
};

Result<Pack> pack(const Node& n, const PackRules& rules) {
  Pack p;
  p.index = TRY(n.optional_int32("Index", 0));
  p.id = TRY(n.optional_int64("Id", rules.id_min));
  if (rules.id_required && !p.id) {
    return n.attribute_error("Id", fmt::format("required attribute is missing; expected a 64-bit integer >= {}",
                                               rules.id_min));
  }
  if (rules.scan_code_required) {
    p.scan_code = TRY(n.string("ScanCode"));
  } else {
    p.scan_code = n.optional_string("ScanCode");
  }
  p.delivery_number = n.optional_string("DeliveryNumber");
  p.batch_number = n.optional_string("BatchNumber");
  p.external_id = n.optional_string("ExternalId");
  p.expiry_date = TRY(n.optional_date("ExpiryDate"));
  p.stock_in_date = TRY(n.optional_date("StockInDate"));
  p.sub_item_quantity = TRY(n.optional_int32("SubItemQuantity", 0));
  p.depth = TRY(n.optional_int32("Depth", 0));
  p.width = TRY(n.optional_int32("Width", 0));
  p.height = TRY(n.optional_int32("Height", 0));
  p.shape = TRY(n.optional_enum<PackShape>("Shape"));
  p.state = TRY(n.optional_enum<PackState>("State"));
  p.is_in_fridge = TRY(n.optional_bool("IsInFridge"));
  p.box_number = n.optional_string("BoxNumber");
  if (rules.output_destination_required) {
    p.output_destination = TRY(n.int32("OutputDestination"));
  } else {
    p.output_destination = TRY(n.optional_int32("OutputDestination"));
  }
  p.output_point = TRY(n.optional_int32("OutputPoint"));
  p.label_status = TRY(n.optional_enum<LabelStatus>("LabelStatus"));
  p.stock_location_id = n.optional_string("StockLocationId");
  p.machine_location = n.optional_string("MachineLocation");

  const char* child_name = rules.child == PackChild::kError ? "Error" : "Handling";
  if (rules.child == PackChild::kNone) return p;
  auto child = TRY(n.optional_child(child_name));
  if (!child) {
    if (rules.child_required) return n.element_error(fmt::format("required element <{}> is missing", child_name));
    return p;
  }
  switch (rules.child) {
    case PackChild::kHandling:
      p.handling = Handling<InputHandling>{TRY(child->enumeration<InputHandling>("Input")),
                                           child->optional_string("Text")};
      break;
    case PackChild::kOutcome:
      p.outcome = Handling<InputOutcome>{TRY(child->enumeration<InputOutcome>("Input")),
                                         child->optional_string("Text")};
      break;
    case PackChild::kError:
      p.error = PackError{TRY(child->enumeration<InitiateInputErrorType>("Type")), child->optional_string("Text")};
      break;
    case PackChild::kNone:
      break;
  }
  return p;
}

Result<Article> article(const Node& n, const ArticleRules& rules) {
  Article a;
  if (rules.id_required) {
    a.id = TRY(n.string("Id"));
  } else {
    a.id = n.optional_string("Id");
  }
  a.name = n.optional_string("Name");
  a.dosage_form = n.optional_string("DosageForm");
  a.packaging_unit = n.optional_string("PackagingUnit");
  a.requires_fridge = TRY(n.optional_bool("RequiresFridge"));
  a.batch_number = n.optional_string("BatchNumber");
  a.external_id = n.optional_string("ExternalId");
  a.expiry_date = TRY(n.optional_date("ExpiryDate"));
  a.max_sub_item_quantity = TRY(n.optional_int32("MaxSubItemQuantity", 0));
  a.quantity = TRY(n.optional_int32("Quantity", 0));
  a.stock_location_id = n.optional_string("StockLocationId");
  a.machine_location = n.optional_string("MachineLocation");
  std::vector<Node> packs = n.children("Pack");
  if (rules.packs_required && packs.empty()) {
    return n.element_error("expected at least one <Pack> element, found none");
  }
  for (const Node& p : packs) a.packs.push_back(TRY(pack(p, rules.pack)));
  return a;
}

Result<std::vector<Article>> articles(const Node& message, const ArticleRules& rules, bool required) {
  std::vector<Node> nodes = message.children("Article");
  if (required && nodes.empty()) {
    return message.element_error("expected at least one <Article> element, found none");
  }
  std::vector<Article> out;
  for (const Node& n : nodes) out.push_back(TRY(article(n, rules)));
  return out;
}

Result<Article> single_article(const Node& message, const ArticleRules& rules) {
  return article(TRY(message.child("Article")), rules);
}

Result<InputDetails> input_details(const Node& n, int64_t input_source_min) {
  InputDetails d;
  d.input_source = TRY(n.int32("InputSource", input_source_min));
  d.input_point = TRY(n.optional_int32("InputPoint"));
  return d;
}

Result<SetResult> set_result(const Node& message) {
  Node n = TRY(message.child("SetResult"));
  return SetResult{TRY(n.enumeration<SetResultValue>("Value")), n.optional_string("Text")};
}

Result<OutputDetails> output_details(const Node& n) {
  OutputDetails d;
  d.priority = TRY(n.optional_enum<OutputPriority>("Priority"));
  d.output_destination = TRY(n.int32("OutputDestination"));
  d.output_point = TRY(n.optional_int32("OutputPoint"));
  return d;
}

// The text of an element: its CDATA sections and character data, joined.
std::string element_text(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_cdata || c.type() == pugi::node_pcdata) out += c.value();
  }
  return out;
}

Result<std::vector<OutputCriteria>> output_criteria(const Node& message) {
  std::vector<OutputCriteria> out;
  for (const Node& n : message.children("Criteria")) {
    OutputCriteria c;
    c.article_id = n.optional_string("ArticleId");
    c.quantity = TRY(n.int32("Quantity", 0));
    c.sub_item_quantity = TRY(n.optional_int32("SubItemQuantity", 0));
    c.minimum_expiry_date = TRY(n.optional_date("MinimumExpiryDate"));
    c.batch_number = n.optional_string("BatchNumber");
    c.single_batch_number = TRY(n.optional_bool("SingleBatchNumber"));
    c.external_id = n.optional_string("ExternalId");
    c.pack_id = TRY(n.optional_int64("PackId", 1));
    c.stock_location_id = n.optional_string("StockLocationId");
    c.machine_location = n.optional_string("MachineLocation");
    for (const Node& l : n.children("Label")) {
      Label label;
      label.template_id = TRY(l.string("TemplateId"));
      label.content = element_text(TRY(l.child("Content")).xml());
      c.labels.push_back(std::move(label));
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<Box>> box_list(const Node& n) {
  std::vector<Box> out;
  for (const Node& b : n.children("Box")) out.push_back(Box{TRY(b.string("Number"))});
  return out;
}

Result<TaskRef> task_ref(const Node& n) {
  return TaskRef{TRY(n.enumeration<TaskType>("Type")), TRY(n.string("Id"))};
}

// ---- messages ---------------------------------------------------------------

const PackRules kScanCodePack{.scan_code_required = true};

Result<Message> hello_request(const Node& n) {
  return Message(HelloRequest{TRY(n.string("Id")), TRY(subscriber(n))});
}
Result<Message> hello_response(const Node& n) {
  return Message(HelloResponse{TRY(n.string("Id")), TRY(subscriber(n))});
}
Result<Message> keep_alive_request(const Node& n) { return Message(KeepAliveRequest{TRY(header(n))}); }
Result<Message> keep_alive_response(const Node& n) { return Message(KeepAliveResponse{TRY(header(n))}); }

Result<Message> status_request(const Node& n) {
  return Message(StatusRequest{TRY(header(n)), TRY(n.optional_bool("IncludeDetails"))});
}
Result<Message> status_response(const Node& n) {
  StatusResponse m;
  m.header = TRY(header(n));
  m.state = TRY(n.enumeration<ReadyState>("State"));
  m.state_text = n.optional_string("StateText");
  for (const Node& c : n.children("Component")) {
    Component comp;
    comp.type = TRY(c.enumeration<ComponentType>("Type"));
    comp.description = TRY(c.string("Description"));
    comp.state = TRY(c.enumeration<ReadyState>("State"));
    comp.state_text = c.optional_string("StateText");
    m.components.push_back(std::move(comp));
  }
  return Message(std::move(m));
}

Result<Message> input_request(const Node& n) {
  InputRequest m;
  m.header = TRY(header(n));
  m.is_new_delivery = TRY(n.optional_bool("IsNewDelivery"));
  m.set_picking_indicator = TRY(n.optional_bool("SetPickingIndicator"));
  m.article = TRY(single_article(n, {.packs_required = true, .pack = kScanCodePack}));
  return Message(std::move(m));
}
Result<Message> input_response(const Node& n) {
  InputResponse m;
  m.header = TRY(header(n));
  m.is_new_delivery = TRY(n.optional_bool("IsNewDelivery"));
  m.articles = TRY(articles(
      n, {.packs_required = true, .pack = {.child = PackChild::kHandling, .child_required = true}}, true));
  return Message(std::move(m));
}
// The manual marks Article/@Id as required here, yet its own example of an
// aborted input has none: an aborted pack has no article, so it is optional.
Result<Message> input_message(const Node& n) {
  InputMessage m;
  m.header = TRY(header(n));
  m.is_new_delivery = TRY(n.optional_bool("IsNewDelivery"));
  m.articles = TRY(articles(
      n,
      {.packs_required = true,
       .pack = {.id_required = true, .id_min = 0, .child = PackChild::kOutcome, .child_required = true}},
      true));
  return Message(std::move(m));
}

Result<Message> initiate_input_request(const Node& n) {
  InitiateInputRequest m;
  m.header = TRY(header(n));
  m.is_new_delivery = TRY(n.optional_bool("IsNewDelivery"));
  m.set_picking_indicator = TRY(n.optional_bool("SetPickingIndicator"));
  m.details = TRY(input_details(TRY(n.child("Details")), kInt32Min));
  m.article = TRY(single_article(n, {.packs_required = true, .pack = kScanCodePack}));
  return Message(std::move(m));
}
Result<Message> initiate_input_response(const Node& n) {
  InitiateInputResponse m;
  m.header = TRY(header(n));
  m.is_new_delivery = TRY(n.optional_bool("IsNewDelivery"));
  m.set_picking_indicator = TRY(n.optional_bool("SetPickingIndicator"));
  Node details = TRY(n.child("Details"));
  m.details = TRY(input_details(details, kInt32Min));
  m.status = TRY(details.enumeration<InitiateInputResponseStatus>("Status"));
  m.article = TRY(single_article(n, {.packs_required = true, .pack = kScanCodePack}));
  return Message(std::move(m));
}
// As with InputMessage, the manual's example of a rejected pack has neither
// Article/@Id nor Pack/@Id although its table requires both: both are optional.
Result<Message> initiate_input_message(const Node& n) {
  InitiateInputMessage m;
  m.header = TRY(header(n));
  Node details = TRY(n.child("Details"));
  m.details = TRY(input_details(details, 0));
  m.status = TRY(details.enumeration<InitiateInputMessageStatus>("Status"));
  m.articles = TRY(articles(n, {.packs_required = true, .pack = {.id_min = 0, .child = PackChild::kError}}, true));
  return Message(std::move(m));
}

Result<Message> article_master_set_request(const Node& n) {
  ArticleMasterSetRequest m;
  m.id = n.optional_string("Id");
  m.source = TRY(n.optional_int32("Source", 1));
  m.destination = TRY(n.optional_int32("Destination", 1));
  m.articles = TRY(articles(n, {.id_required = true}, false));
  return Message(std::move(m));
}
Result<Message> article_master_set_response(const Node& n) {
  return Message(ArticleMasterSetResponse{TRY(header(n)), TRY(set_result(n))});
}

Result<Message> stock_delivery_set_request(const Node& n) {
  StockDeliverySetRequest m;
  m.header = TRY(header(n));
  for (const Node& d : TRY(n.children_at_least_one("StockDelivery"))) {
    StockDelivery delivery;
    delivery.delivery_number = TRY(d.string("DeliveryNumber"));
    delivery.articles = TRY(articles(d, {.id_required = true}, true));
    m.deliveries.push_back(std::move(delivery));
  }
  return Message(std::move(m));
}
Result<Message> stock_delivery_set_response(const Node& n) {
  return Message(StockDeliverySetResponse{TRY(header(n)), TRY(set_result(n))});
}

Result<Message> stock_info_request(const Node& n) {
  StockInfoRequest m;
  m.header = TRY(header(n));
  m.include_packs = TRY(n.optional_bool("IncludePacks"));
  m.include_article_details = TRY(n.optional_bool("IncludeArticleDetails"));
  for (const Node& c : n.children("Criteria")) {
    m.criteria.push_back(StockInfoCriteria{c.optional_string("ArticleId"), c.optional_string("BatchNumber"),
                                           c.optional_string("ExternalId"), c.optional_string("StockLocationId"),
                                           c.optional_string("MachineLocation")});
  }
  return Message(std::move(m));
}
const ArticleRules kStockArticle{.id_required = true, .pack = {.id_required = true, .id_min = 1}};
// The manual requires an Article but also says an answer with nothing in stock
// has none.
Result<Message> stock_info_response(const Node& n) {
  return Message(StockInfoResponse{TRY(header(n)), TRY(articles(n, kStockArticle, false))});
}
Result<Message> stock_info_message(const Node& n) {
  return Message(StockInfoMessage{TRY(header(n)), TRY(articles(n, kStockArticle, true))});
}

Result<Message> output_request(const Node& n) {
  OutputRequest m;
  m.header = TRY(header(n));
  m.box_number = n.optional_string("BoxNumber");
  m.details = TRY(output_details(TRY(n.child("Details"))));
  m.criteria = TRY(output_criteria(n));
  return Message(std::move(m));
}
Result<Message> output_response(const Node& n) {
  OutputResponse m;
  m.header = TRY(header(n));
  m.box_number = n.optional_string("BoxNumber");
  Node details = TRY(n.child("Details"));
  m.details = TRY(output_details(details));
  m.status = TRY(details.enumeration<OutputResponseStatus>("Status"));
  m.criteria = TRY(output_criteria(n));
  return Message(std::move(m));
}
Result<Message> output_message(const Node& n) {
  OutputMessage m;
  m.header = TRY(header(n));
  Node details = TRY(n.child("Details"));
  m.details = TRY(output_details(details));
  m.status = TRY(details.enumeration<OutputMessageStatus>("Status"));
  m.articles = TRY(articles(n, {.pack = {.id_required = true, .id_min = 1, .output_destination_required = true}},
                            false));
  m.boxes = TRY(box_list(n));
  return Message(std::move(m));
}

Result<Message> task_info_request(const Node& n) {
  TaskInfoRequest m;
  m.header = TRY(header(n));
  m.include_task_details = TRY(n.optional_bool("IncludeTaskDetails"));
  m.task = TRY(task_ref(TRY(n.child("Task"))));
  return Message(std::move(m));
}
Result<Message> task_info_response(const Node& n) {
  TaskInfoResponse m;
  m.header = TRY(header(n));
  Node t = TRY(n.child("Task"));
  m.task.type = TRY(t.enumeration<TaskType>("Type"));
  m.task.id = TRY(t.string("Id"));
  m.task.status = TRY(t.enumeration<TaskStatus>("Status"));
  // OutputDestination is required of output packs only.
  bool output = m.task.type == TaskType::kOutput;
  m.task.articles =
      TRY(articles(t, {.pack = {.id_required = true, .id_min = 1, .output_destination_required = output}}, false));
  m.task.boxes = TRY(box_list(t));
  return Message(std::move(m));
}

Result<TaskType> cancellable_type(const Node& t) {
  TaskType type = TRY(t.enumeration<TaskType>("Type"));
  if (type != TaskType::kOutput) {
    return t.attribute_error("Type", fmt::format("expected 'Output', found '{}'", spelling(type)));
  }
  return type;
}
Result<Message> task_cancel_request(const Node& n) {
  TaskCancelRequest m;
  m.header = TRY(header(n));
  for (const Node& t : TRY(n.children_at_least_one("Task"))) {
    m.tasks.push_back(TaskRef{TRY(cancellable_type(t)), TRY(t.string("Id"))});
  }
  return Message(std::move(m));
}
Result<Message> task_cancel_response(const Node& n) {
  TaskCancelResponse m;
  m.header = TRY(header(n));
  for (const Node& t : TRY(n.children_at_least_one("Task"))) {
    m.tasks.push_back(CancelledTask{TRY(cancellable_type(t)), TRY(t.string("Id")),
                                    TRY(t.enumeration<TaskCancelStatus>("Status"))});
  }
  return Message(std::move(m));
}

Result<Message> configuration_get_request(const Node& n) { return Message(ConfigurationGetRequest{TRY(header(n))}); }
Result<Message> configuration_get_response(const Node& n) {
  ConfigurationGetResponse m;
  m.header = TRY(header(n));
  m.configuration = element_text(TRY(n.child("Configuration")).xml());
  return Message(std::move(m));
}

Result<Message> stock_location_info_request(const Node& n) { return Message(StockLocationInfoRequest{TRY(header(n))}); }
Result<Message> stock_location_info_response(const Node& n) {
  StockLocationInfoResponse m;
  m.header = TRY(header(n));
  for (const Node& l : TRY(n.children_at_least_one("StockLocation"))) {
    m.locations.push_back(StockLocation{TRY(l.string("Id")), l.optional_string("Description")});
  }
  return Message(std::move(m));
}

using MessageParser = Result<Message> (*)(const Node&);

constexpr std::pair<std::string_view, MessageParser> kMessageParsers[] = {
    {"HelloRequest", hello_request},
    {"HelloResponse", hello_response},
    {"KeepAliveRequest", keep_alive_request},
    {"KeepAliveResponse", keep_alive_response},
    {"StatusRequest", status_request},
    {"StatusResponse", status_response},
    {"InputRequest", input_request},
    {"InputResponse", input_response},
    {"InputMessage", input_message},
    {"InitiateInputRequest", initiate_input_request},
    {"InitiateInputResponse", initiate_input_response},
    {"InitiateInputMessage", initiate_input_message},
    {"ArticleMasterSetRequest", article_master_set_request},
    {"ArticleMasterSetResponse", article_master_set_response},
    {"StockDeliverySetRequest", stock_delivery_set_request},
    {"StockDeliverySetResponse", stock_delivery_set_response},
    {"StockInfoRequest", stock_info_request},
    {"StockInfoResponse", stock_info_response},
    {"StockInfoMessage", stock_info_message},
    {"OutputRequest", output_request},
    {"OutputResponse", output_response},
    {"OutputMessage", output_message},
    {"TaskInfoRequest", task_info_request},
    {"TaskInfoResponse", task_info_response},
    {"TaskCancelRequest", task_cancel_request},
    {"TaskCancelResponse", task_cancel_response},
    {"ConfigurationGetRequest", configuration_get_request},
    {"ConfigurationGetResponse", configuration_get_response},
    {"StockLocationInfoRequest", stock_location_info_request},
    {"StockLocationInfoResponse", stock_location_info_response},
};

Result<Message> lead_element(const Node& n) {
  for (const auto& [name, parse] : kMessageParsers) {
    if (name == n.name()) return parse(n);
  }
  return Message(UnknownMessage{std::string(n.name()), n.optional_string("Id"), n.optional_string("Source"),
                        n.optional_string("Destination")});
}

// Depth and element count, walked without recursion so that the walk itself
// is safe on any input.
Status check_shape(const pugi::xml_document& doc, const ParseOptions& options) {
  size_t elements = 0;
  size_t depth = 0;
  pugi::xml_node node = doc.first_child();
  while (node) {
    if (node.type() == pugi::node_element) {
      ++elements;
      if (elements > options.max_elements) {
        return Status::invalid(fmt::format("document has more than {} elements", options.max_elements), "WWKS");
      }
      if (depth + 1 > options.max_depth) {
        return Status::invalid(
            fmt::format("elements are nested deeper than {} levels (at <{}>)", options.max_depth, node.name()),
            "WWKS");
      }
    }
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      if (node.type() == pugi::node_document) return Status::ok_status();
      --depth;
    }
    if (node) node = node.next_sibling();
  }
  return Status::ok_status();
}

// "line 3, column 7" of a byte offset.
std::string position(std::string_view xml, ptrdiff_t offset) {
  size_t end = std::min(static_cast<size_t>(std::max<ptrdiff_t>(offset, 0)), xml.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < end; ++i) {
    if (xml[i] == '\n') ++line, line_start = i + 1;
  }
  return fmt::format("line {}, column {}", line, end - line_start + 1);
}

Status load(pugi::xml_document& doc, std::string_view xml, const ParseOptions& options) {
  constexpr unsigned kFlags = pugi::parse_default;
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), kFlags, pugi::encoding_utf8);
  if (r) return Status::ok_status();
  if (options.repair_unclosed_packs) {
    RepairedXml repaired = repair_unclosed_packs(xml);
    if (repaired.packs_closed > 0 &&
        doc.load_buffer(repaired.xml.data(), repaired.xml.size(), kFlags, pugi::encoding_utf8)) {
      return Status::ok_status();
    }
  }
  return Status::invalid(fmt::format("not well-formed XML at {}: {}", position(xml, r.offset), r.description()),
                         "WWKS");
}

}  // namespace

Result<Envelope> parse_wwks(std::string_view xml, const ParseOptions& options) {
  if (xml.size() > options.max_bytes) {
    return Status::invalid(
        fmt::format("document is {} bytes; at most {} are accepted", xml.size(), options.max_bytes), "WWKS");
  }
  pugi::xml_document doc;
  if (Status s = load(doc, xml, options); !s.ok()) return s;
  if (Status s = check_shape(doc, options); !s.ok()) return s;

  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "WWKS") {
    return Status::invalid(fmt::format("expected the root element <WWKS>, found <{}>", root.name()), "WWKS");
  }
  Node envelope(root, "WWKS");
  std::string version = TRY(envelope.string("Version"));
  if (version != kWwksVersion) {
    return envelope.attribute_error("Version", fmt::format("expected '{}', found '{}'", kWwksVersion, version));
  }
  std::string stamp = TRY(envelope.string("TimeStamp"));
  auto timestamp = parse_instant(stamp, Zone::utc());
  if (!timestamp.ok()) {
    return envelope.attribute_error(
        "TimeStamp", fmt::format("expected a UTC date-time like 2013-04-16T11:14:00Z, found '{}'", stamp));
  }

  std::vector<pugi::xml_node> leads;
  for (pugi::xml_node c : root.children()) {
    if (c.type() == pugi::node_element) leads.push_back(c);
  }
  if (leads.size() != 1) {
    std::string found = leads.empty() ? "none" : fmt::format("{}: <{}>", leads.size(), leads[0].name());
    if (leads.size() > 1) {
      for (size_t i = 1; i < leads.size(); ++i) found += fmt::format(", <{}>", leads[i].name());
    }
    return envelope.element_error(fmt::format("expected exactly one message element, found {}", found));
  }
  Message message = TRY(lead_element(Node(leads[0], fmt::format("WWKS/{}", leads[0].name()))));
  return Envelope{*timestamp, std::move(message)};
}

}  // namespace rx::wwks
