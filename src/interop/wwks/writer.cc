#include "interop/wwks/writer.h"

#include <cassert>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "interop/wwks/text_escaping.h"

namespace rx::wwks {
namespace {

// Writes elements one line each, closing a start tag as "/>" when nothing
// was written inside it.
class XmlOut {
 public:
  void start(std::string_view name) {
    open_children();
    indent();
    out_ += '<';
    out_ += name;
    stack_.push_back(name);
    tag_open_ = true;
  }
  void end() {
    assert(!stack_.empty());
    std::string_view name = stack_.back();
    stack_.pop_back();
    if (tag_open_) {
      out_ += "/>\n";
      tag_open_ = false;
      return;
    }
    if (!inline_content_) indent();
    inline_content_ = false;
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  // Content on the element's own line: <Content><![CDATA[...]]></Content>.
  void cdata(std::string_view content) {
    assert(tag_open_);
    out_ += '>';
    out_ += cdata_sections(content);
    tag_open_ = false;
    inline_content_ = true;
  }

  void attr(std::string_view name, std::string_view value) {
    assert(tag_open_);
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += escape_attribute(value);
    out_ += '"';
  }
  void attr(std::string_view name, const std::string& value) { attr(name, std::string_view(value)); }
  void attr(std::string_view name, const std::optional<std::string>& value) {
    if (value) attr(name, *value);
  }
  void attr(std::string_view name, int64_t value) { attr(name, std::string_view(fmt::format("{}", value))); }
  void attr(std::string_view name, int32_t value) { attr(name, static_cast<int64_t>(value)); }
  void attr(std::string_view name, bool value) { attr(name, std::string_view(value ? "True" : "False")); }
  void attr(std::string_view name, Date value) { attr(name, std::string_view(format_date(value))); }
  template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void attr(std::string_view name, E value) {
    attr(name, spelling(value));
  }
  template <class T>
  void attr(std::string_view name, const std::optional<T>& value) {
    if (value) attr(name, *value);
  }

  std::string take() { return std::move(out_); }

 private:
  void open_children() {
    if (tag_open_) {
      out_ += ">\n";
      tag_open_ = false;
    }
  }
  void indent() { out_.append(2 * stack_.size(), ' '); }

  std::string out_;
  std::vector<std::string_view> stack_;
  bool tag_open_ = false;
  bool inline_content_ = false;
};

std::string timestamp(Instant t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::hh_mm_ss time{t - day};
  std::string out = fmt::format("{}T{:02d}:{:02d}:{:02d}", format_date(Date{day}), time.hours().count(),
                                time.minutes().count(), time.seconds().count());
  if (time.subseconds().count() != 0) out += fmt::format(".{:03d}", time.subseconds().count());
  return out + "Z";
}

void header_attrs(XmlOut& x, const Header& h) {
  x.attr("Id", h.id);
  x.attr("Source", h.source);
  x.attr("Destination", h.destination);
}

void subscriber(XmlOut& x, const Subscriber& s) {
  x.start("Subscriber");
  x.attr("Id", s.id);
  x.attr("Type", s.type);
  x.attr("Manufacturer", s.manufacturer);
  x.attr("ProductInfo", s.product_info);
  x.attr("VersionInfo", s.version_info);
  x.attr("TenantId", s.tenant_id);
  for (Capability c : s.capabilities) {
    x.start("Capability");
    x.attr("Name", c);
    x.end();
  }
  x.end();
}

void pack(XmlOut& x, const Pack& p) {
  x.start("Pack");
  x.attr("Index", p.index);
  x.attr("Id", p.id);
  x.attr("ScanCode", p.scan_code);
  x.attr("DeliveryNumber", p.delivery_number);
  x.attr("BatchNumber", p.batch_number);
  x.attr("ExternalId", p.external_id);
  x.attr("ExpiryDate", p.expiry_date);
  x.attr("StockInDate", p.stock_in_date);
  x.attr("SubItemQuantity", p.sub_item_quantity);
  x.attr("Depth", p.depth);
  x.attr("Width", p.width);
  x.attr("Height", p.height);
  x.attr("Shape", p.shape);
  x.attr("State", p.state);
  x.attr("IsInFridge", p.is_in_fridge);
  x.attr("BoxNumber", p.box_number);
  x.attr("OutputDestination", p.output_destination);
  x.attr("OutputPoint", p.output_point);
  x.attr("LabelStatus", p.label_status);
  x.attr("StockLocationId", p.stock_location_id);
  x.attr("MachineLocation", p.machine_location);
  if (p.handling) {
    x.start("Handling");
    x.attr("Input", p.handling->input);
    x.attr("Text", p.handling->text);
    x.end();
  }
  if (p.outcome) {
    x.start("Handling");
    x.attr("Input", p.outcome->input);
    x.attr("Text", p.outcome->text);
    x.end();
  }
  if (p.error) {
    x.start("Error");
    x.attr("Type", p.error->type);
    x.attr("Text", p.error->text);
    x.end();
  }
  x.end();
}

void article(XmlOut& x, const Article& a) {
  x.start("Article");
  x.attr("Id", a.id);
  x.attr("Name", a.name);
  x.attr("DosageForm", a.dosage_form);
  x.attr("PackagingUnit", a.packaging_unit);
  x.attr("RequiresFridge", a.requires_fridge);
  x.attr("BatchNumber", a.batch_number);
  x.attr("ExternalId", a.external_id);
  x.attr("ExpiryDate", a.expiry_date);
  x.attr("MaxSubItemQuantity", a.max_sub_item_quantity);
  x.attr("Quantity", a.quantity);
  x.attr("StockLocationId", a.stock_location_id);
  x.attr("MachineLocation", a.machine_location);
  for (const Pack& p : a.packs) pack(x, p);
  x.end();
}

void articles(XmlOut& x, const std::vector<Article>& list) {
  for (const Article& a : list) article(x, a);
}

void boxes(XmlOut& x, const std::vector<Box>& list) {
  for (const Box& b : list) {
    x.start("Box");
    x.attr("Number", b.number);
    x.end();
  }
}

// Details of the input initiation messages; `status` only in the answers.
template <class S>
void input_details(XmlOut& x, const InputDetails& d, const std::optional<S>& status) {
  x.start("Details");
  x.attr("InputSource", d.input_source);
  x.attr("InputPoint", d.input_point);
  x.attr("Status", status);
  x.end();
}

template <class S>
void output_details(XmlOut& x, const OutputDetails& d, const std::optional<S>& status) {
  x.start("Details");
  x.attr("Priority", d.priority);
  x.attr("OutputDestination", d.output_destination);
  x.attr("OutputPoint", d.output_point);
  x.attr("Status", status);
  x.end();
}

void output_criteria(XmlOut& x, const std::vector<OutputCriteria>& list) {
  for (const OutputCriteria& c : list) {
    x.start("Criteria");
    x.attr("ArticleId", c.article_id);
    x.attr("Quantity", c.quantity);
    x.attr("SubItemQuantity", c.sub_item_quantity);
    x.attr("MinimumExpiryDate", c.minimum_expiry_date);
    x.attr("BatchNumber", c.batch_number);
    x.attr("SingleBatchNumber", c.single_batch_number);
    x.attr("ExternalId", c.external_id);
    x.attr("PackId", c.pack_id);
    x.attr("StockLocationId", c.stock_location_id);
    x.attr("MachineLocation", c.machine_location);
    for (const Label& l : c.labels) {
      x.start("Label");
      x.attr("TemplateId", l.template_id);
      x.start("Content");
      x.cdata(l.content);
      x.end();
      x.end();
    }
    x.end();
  }
}

void set_result(XmlOut& x, const SetResult& r) {
  x.start("SetResult");
  x.attr("Value", r.value);
  x.attr("Text", r.text);
  x.end();
}

// One overload per message writes its attributes and children; the lead
// element itself is opened and closed by the caller.
void body(XmlOut& x, const HelloRequest& m) {
  x.attr("Id", m.id);
  subscriber(x, m.subscriber);
}
void body(XmlOut& x, const HelloResponse& m) {
  x.attr("Id", m.id);
  subscriber(x, m.subscriber);
}
void body(XmlOut& x, const KeepAliveRequest& m) { header_attrs(x, m.header); }
void body(XmlOut& x, const KeepAliveResponse& m) { header_attrs(x, m.header); }
void body(XmlOut& x, const StatusRequest& m) {
  header_attrs(x, m.header);
  x.attr("IncludeDetails", m.include_details);
}
void body(XmlOut& x, const StatusResponse& m) {
  header_attrs(x, m.header);
  x.attr("State", m.state);
  x.attr("StateText", m.state_text);
  for (const Component& c : m.components) {
    x.start("Component");
    x.attr("Type", c.type);
    x.attr("Description", c.description);
    x.attr("State", c.state);
    x.attr("StateText", c.state_text);
    x.end();
  }
}
void body(XmlOut& x, const InputRequest& m) {
  header_attrs(x, m.header);
  x.attr("IsNewDelivery", m.is_new_delivery);
  x.attr("SetPickingIndicator", m.set_picking_indicator);
  article(x, m.article);
}
void body(XmlOut& x, const InputResponse& m) {
  header_attrs(x, m.header);
  x.attr("IsNewDelivery", m.is_new_delivery);
  articles(x, m.articles);
}
void body(XmlOut& x, const InputMessage& m) {
  header_attrs(x, m.header);
  x.attr("IsNewDelivery", m.is_new_delivery);
  articles(x, m.articles);
}
void body(XmlOut& x, const InitiateInputRequest& m) {
  header_attrs(x, m.header);
  x.attr("IsNewDelivery", m.is_new_delivery);
  x.attr("SetPickingIndicator", m.set_picking_indicator);
  input_details(x, m.details, std::optional<InitiateInputResponseStatus>{});
  article(x, m.article);
}
void body(XmlOut& x, const InitiateInputResponse& m) {
  header_attrs(x, m.header);
  x.attr("IsNewDelivery", m.is_new_delivery);
  x.attr("SetPickingIndicator", m.set_picking_indicator);
  input_details(x, m.details, std::optional{m.status});
  article(x, m.article);
}
void body(XmlOut& x, const InitiateInputMessage& m) {
  header_attrs(x, m.header);
  input_details(x, m.details, std::optional{m.status});
  articles(x, m.articles);
}
void body(XmlOut& x, const ArticleMasterSetRequest& m) {
  x.attr("Id", m.id);
  x.attr("Source", m.source);
  x.attr("Destination", m.destination);
  articles(x, m.articles);
}
void body(XmlOut& x, const ArticleMasterSetResponse& m) {
  header_attrs(x, m.header);
  set_result(x, m.result);
}
void body(XmlOut& x, const StockDeliverySetRequest& m) {
  header_attrs(x, m.header);
  for (const StockDelivery& d : m.deliveries) {
    x.start("StockDelivery");
    x.attr("DeliveryNumber", d.delivery_number);
    articles(x, d.articles);
    x.end();
  }
}
void body(XmlOut& x, const StockDeliverySetResponse& m) {
  header_attrs(x, m.header);
  set_result(x, m.result);
}
void body(XmlOut& x, const StockInfoRequest& m) {
  header_attrs(x, m.header);
  x.attr("IncludePacks", m.include_packs);
  x.attr("IncludeArticleDetails", m.include_article_details);
  for (const StockInfoCriteria& c : m.criteria) {
    x.start("Criteria");
    x.attr("ArticleId", c.article_id);
    x.attr("BatchNumber", c.batch_number);
    x.attr("ExternalId", c.external_id);
    x.attr("StockLocationId", c.stock_location_id);
    x.attr("MachineLocation", c.machine_location);
    x.end();
  }
}
void body(XmlOut& x, const StockInfoResponse& m) {
  header_attrs(x, m.header);
  articles(x, m.articles);
}
void body(XmlOut& x, const StockInfoMessage& m) {
  header_attrs(x, m.header);
  articles(x, m.articles);
}
void body(XmlOut& x, const OutputRequest& m) {
  header_attrs(x, m.header);
  x.attr("BoxNumber", m.box_number);
  output_details(x, m.details, std::optional<OutputResponseStatus>{});
  output_criteria(x, m.criteria);
}
void body(XmlOut& x, const OutputResponse& m) {
  header_attrs(x, m.header);
  x.attr("BoxNumber", m.box_number);
  output_details(x, m.details, std::optional{m.status});
  output_criteria(x, m.criteria);
}
void body(XmlOut& x, const OutputMessage& m) {
  header_attrs(x, m.header);
  output_details(x, m.details, std::optional{m.status});
  articles(x, m.articles);
  boxes(x, m.boxes);
}
void body(XmlOut& x, const TaskInfoRequest& m) {
  header_attrs(x, m.header);
  x.attr("IncludeTaskDetails", m.include_task_details);
  x.start("Task");
  x.attr("Type", m.task.type);
  x.attr("Id", m.task.id);
  x.end();
}
void body(XmlOut& x, const TaskInfoResponse& m) {
  header_attrs(x, m.header);
  x.start("Task");
  x.attr("Type", m.task.type);
  x.attr("Id", m.task.id);
  x.attr("Status", m.task.status);
  articles(x, m.task.articles);
  boxes(x, m.task.boxes);
  x.end();
}
void body(XmlOut& x, const TaskCancelRequest& m) {
  header_attrs(x, m.header);
  for (const TaskRef& t : m.tasks) {
    x.start("Task");
    x.attr("Type", t.type);
    x.attr("Id", t.id);
    x.end();
  }
}
void body(XmlOut& x, const TaskCancelResponse& m) {
  header_attrs(x, m.header);
  for (const CancelledTask& t : m.tasks) {
    x.start("Task");
    x.attr("Type", t.type);
    x.attr("Id", t.id);
    x.attr("Status", t.status);
    x.end();
  }
}
void body(XmlOut& x, const ConfigurationGetRequest& m) { header_attrs(x, m.header); }
void body(XmlOut& x, const ConfigurationGetResponse& m) {
  header_attrs(x, m.header);
  x.start("Configuration");
  x.cdata(m.configuration);
  x.end();
}
void body(XmlOut& x, const StockLocationInfoRequest& m) { header_attrs(x, m.header); }
void body(XmlOut& x, const StockLocationInfoResponse& m) {
  header_attrs(x, m.header);
  for (const StockLocation& l : m.locations) {
    x.start("StockLocation");
    x.attr("Id", l.id);
    x.attr("Description", l.description);
    x.end();
  }
}
void body(XmlOut& x, const UnknownMessage& m) {
  x.attr("Id", m.id);
  x.attr("Source", m.source);
  x.attr("Destination", m.destination);
}

}  // namespace

std::string write_wwks(const Envelope& envelope) {
  XmlOut x;
  x.start("WWKS");
  x.attr("Version", kWwksVersion);
  x.attr("TimeStamp", std::string_view(timestamp(envelope.timestamp)));
  std::string_view name = message_name(envelope.message);
  std::visit(
      [&](const auto& m) {
        x.start(name);
        body(x, m);
        x.end();
      },
      envelope.message);
  x.end();
  return x.take();
}

}  // namespace rx::wwks
