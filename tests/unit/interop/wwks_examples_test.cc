// Every example message of the WWKS 2.0 reference manual is a test vector: it
// parses into the right message with the right values, writes back to an equal
// message, and the written document is equivalent to the manual's.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "interop/wwks/errata_repair.h"
#include "interop/wwks/parser.h"
#include "interop/wwks/writer.h"

namespace rx::wwks {
namespace {

const std::filesystem::path kExamples = std::filesystem::path(RXPRESS_SHARED_DIR) / "specs/wwks2/examples";

std::string read_example(const std::string& name) {
  std::ifstream in(kExamples / name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> example_names() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() == ".xml") out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The examples that hold a message: all but the bare envelope.
std::vector<std::string> message_example_names() {
  std::vector<std::string> out = example_names();
  std::erase(out, "Container-1.xml");
  return out;
}

// The document as indented lines: element name, attributes sorted by name, then
// the element's text (CDATA and character data joined; whitespace-only
// character data is formatting and dropped by the parser), then its children
// in order.
void canonical(pugi::xml_node node, int depth, std::string& out) {
  out.append(2 * depth, ' ');
  out += node.name();
  std::vector<std::pair<std::string, std::string>> attrs;
  for (pugi::xml_attribute a : node.attributes()) attrs.emplace_back(a.name(), a.value());
  std::sort(attrs.begin(), attrs.end());
  for (const auto& [name, value] : attrs) out += " " + name + "=[" + value + "]";
  std::string text;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
  }
  if (!text.empty()) out += " text=[" + text + "]";
  out += '\n';
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element) canonical(c, depth + 1, out);
  }
}

std::string canonical(const std::string& xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size());
  if (!r) return std::string("not well-formed: ") + r.description();
  std::string out;
  canonical(doc.document_element(), 0, out);
  return out;
}

Date ymd(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

Instant manual_timestamp() {
  return std::chrono::sys_days{ymd(2013, 4, 16)} + std::chrono::hours{11} + std::chrono::minutes{14};
}

#define AS(T)                                                                          \
  ASSERT_TRUE(std::holds_alternative<T>(e.message)) << "got " << message_name(e.message); \
  const T& m = std::get<T>(e.message)

void expect_header(const Header& h, const char* id, int32_t source, int32_t destination) {
  EXPECT_EQ(h.id, id);
  EXPECT_EQ(h.source, source);
  EXPECT_EQ(h.destination, destination);
}

const std::vector<Capability> kAllCapabilities = {
    Capability::kKeepAlive,  Capability::kStatus,        Capability::kInput,         Capability::kInitiateInput,
    Capability::kArticleMaster, Capability::kStockDelivery, Capability::kStockInfo,  Capability::kOutput,
    Capability::kTaskInfo,   Capability::kTaskCancel,    Capability::kConfiguration, Capability::kStockLocationInfo,
};

// The two stock info examples share their packs.
void expect_manual_stock(const std::vector<Article>& articles) {
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].id, "0004-56-034-G00007T");
  EXPECT_EQ(articles[0].quantity, 3);
  ASSERT_EQ(articles[0].packs.size(), 3u);
  EXPECT_EQ(articles[0].packs[0].id, 4536);
  EXPECT_EQ(articles[0].packs[0].expiry_date, ymd(2015, 11, 5));
  EXPECT_EQ(articles[0].packs[1].id, 7664);
  EXPECT_EQ(articles[0].packs[2].id, 7857);
  EXPECT_EQ(articles[0].packs[2].expiry_date, ymd(2012, 11, 5));
  EXPECT_EQ(articles[0].packs[2].state, PackState::kAvailable);
  EXPECT_EQ(articles[0].packs[2].shape, PackShape::kCuboid);
}

void expect_label_content(const std::string& content) {
  EXPECT_NE(content.find("<name>NIFEDIPIN 20 retard 1A Pharma Tabl.</name>"), std::string::npos) << content;
  EXPECT_NE(content.find("<synonym>on an empty stomach</synonym>"), std::string::npos);
}

using Check = std::function<void(const Envelope&)>;

const std::map<std::string, Check>& spot_checks() {
  static const std::map<std::string, Check> table = {
      {"ArticleMasterSetRequest-1.xml",
       [](const Envelope& e) {
         AS(ArticleMasterSetRequest);
         EXPECT_EQ(m.id, "1003");
         EXPECT_EQ(m.source, 100);
         EXPECT_EQ(m.destination, 999);
         ASSERT_EQ(m.articles.size(), 2u);
         EXPECT_EQ(m.articles[0].id, "0004-56-034-G00007T");
         EXPECT_EQ(m.articles[0].packaging_unit, "1X2.5 ML");
         EXPECT_EQ(m.articles[0].requires_fridge, false);
         EXPECT_EQ(m.articles[1].name, "PREDNISOLO");
         EXPECT_EQ(m.articles[1].requires_fridge, std::nullopt);
       }},
      {"ArticleMasterSetResponse-1.xml",
       [](const Envelope& e) {
         AS(ArticleMasterSetResponse);
         expect_header(m.header, "1003", 999, 100);
         EXPECT_EQ(m.result.value, SetResultValue::kAccepted);
         EXPECT_EQ(m.result.text, "Master Articles accepted.");
       }},
      {"ConfigurationGetRequest-1.xml",
       [](const Envelope& e) {
         AS(ConfigurationGetRequest);
         expect_header(m.header, "3335", 100, 999);
       }},
      {"ConfigurationGetResponse-1.xml",
       [](const Envelope& e) {
         AS(ConfigurationGetResponse);
         expect_header(m.header, "3335", 999, 100);
         EXPECT_NE(m.configuration.find("<ConfigurationValue Name=\"ccc\" Value=\"ffff\"/>"), std::string::npos);
       }},
      {"Container-1.xml", nullptr},  // the bare envelope: refused, see the test
      {"HelloRequest-1.xml",
       [](const Envelope& e) {
         AS(HelloRequest);
         EXPECT_EQ(m.id, "1001");
         EXPECT_EQ(m.subscriber.id, 100);
         EXPECT_EQ(m.subscriber.type, SubscriberType::kIms);
         EXPECT_EQ(m.subscriber.manufacturer, "IT-SysProvider");
         EXPECT_EQ(m.subscriber.product_info, "PharmaProg 2013");
         EXPECT_EQ(m.subscriber.version_info, "1.4.0");
         EXPECT_EQ(m.subscriber.tenant_id, "XAB12345");
         EXPECT_EQ(m.subscriber.capabilities, kAllCapabilities);
       }},
      {"HelloResponse-1.xml",
       [](const Envelope& e) {
         AS(HelloResponse);
         EXPECT_EQ(m.id, "1001");
         EXPECT_EQ(m.subscriber.id, 999);
         EXPECT_EQ(m.subscriber.type, SubscriberType::kRobot);
         // The manual breaks the value across lines; XML reads the line break
         // and the indentation as spaces.
         EXPECT_TRUE(m.subscriber.manufacturer.starts_with("Becton Dickinson Rowa Germany "));
         EXPECT_TRUE(m.subscriber.manufacturer.ends_with(" GmbH"));
         EXPECT_EQ(m.subscriber.manufacturer.find('\n'), std::string::npos);
         EXPECT_EQ(m.subscriber.product_info, "Mosaic");
         EXPECT_EQ(m.subscriber.tenant_id, std::nullopt);
         EXPECT_EQ(m.subscriber.capabilities, kAllCapabilities);
       }},
      {"InitiateInputMessage-1.xml",
       [](const Envelope& e) {
         AS(InitiateInputMessage);
         expect_header(m.header, "1002", 999, 100);
         EXPECT_EQ(m.details.input_source, 3);
         EXPECT_EQ(m.details.input_point, 1);
         EXPECT_EQ(m.status, InitiateInputMessageStatus::kCompleted);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].dosage_form, "LOE");
         ASSERT_EQ(m.articles[0].packs.size(), 1u);
         const Pack& p = m.articles[0].packs[0];
         EXPECT_EQ(p.index, 0);
         EXPECT_EQ(p.id, 565362);
         EXPECT_EQ(p.batch_number, "Omepra0004");
         EXPECT_EQ(p.external_id, "PalH09051200001");
         EXPECT_EQ(p.expiry_date, ymd(2012, 11, 5));
         EXPECT_EQ(p.depth, 50);
         EXPECT_EQ(p.state, PackState::kAvailable);
         EXPECT_EQ(p.error, std::nullopt);
       }},
      {"InitiateInputMessage-2.xml",
       [](const Envelope& e) {
         AS(InitiateInputMessage);
         EXPECT_EQ(m.header.id, "1003");
         EXPECT_EQ(m.status, InitiateInputMessageStatus::kIncomplete);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].id, std::nullopt);
         ASSERT_EQ(m.articles[0].packs.size(), 1u);
         EXPECT_EQ(m.articles[0].packs[0].id, std::nullopt);
         EXPECT_EQ(m.articles[0].packs[0].error,
                   (PackError{InitiateInputErrorType::kRejected, "Pack input forbidden."}));
       }},
      {"InitiateInputRequest-1.xml",
       [](const Envelope& e) {
         AS(InitiateInputRequest);
         expect_header(m.header, "1003", 100, 999);
         EXPECT_EQ(m.details.input_source, 3);
         EXPECT_EQ(m.details.input_point, 1);
         EXPECT_EQ(m.is_new_delivery, std::nullopt);
         ASSERT_EQ(m.article.packs.size(), 1u);
         EXPECT_EQ(m.article.packs[0].scan_code, "0004-56-034-G|00007|T|Omepra0004|PalH09051200001");
         EXPECT_EQ(m.article.packs[0].shape, PackShape::kCuboid);
       }},
      {"InitiateInputResponse-1.xml",
       [](const Envelope& e) {
         AS(InitiateInputResponse);
         expect_header(m.header, "1003", 999, 100);
         EXPECT_EQ(m.status, InitiateInputResponseStatus::kAccepted);
         EXPECT_EQ(m.article.id, "0004-56-034-G00007T");
         EXPECT_EQ(m.article.name, "ACCU CHEK AVIVA");
         ASSERT_EQ(m.article.packs.size(), 1u);
         EXPECT_EQ(m.article.packs[0].height, 50);
       }},
      {"InputMessage-1.xml",
       [](const Envelope& e) {
         AS(InputMessage);
         expect_header(m.header, "1002", 999, 100);
         ASSERT_EQ(m.articles.size(), 1u);
         ASSERT_EQ(m.articles[0].packs.size(), 1u);
         EXPECT_EQ(m.articles[0].packs[0].id, 565362);
         EXPECT_EQ(m.articles[0].packs[0].outcome,
                   (Handling<InputOutcome>{InputOutcome::kCompleted, "Pack input completed."}));
       }},
      {"InputMessage-2.xml",
       [](const Envelope& e) {
         AS(InputMessage);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].id, std::nullopt);
         ASSERT_EQ(m.articles[0].packs.size(), 1u);
         EXPECT_EQ(m.articles[0].packs[0].id, 0);
         EXPECT_EQ(m.articles[0].packs[0].outcome->input, InputOutcome::kAborted);
       }},
      {"InputMessage-3.xml",
       [](const Envelope& e) {
         AS(InputMessage);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].id, "0004-56-034-G00007T");
         EXPECT_EQ(m.articles[0].packs[0].id, 0);
         EXPECT_EQ(m.articles[0].packs[0].expiry_date, ymd(2012, 11, 5));
         EXPECT_EQ(m.articles[0].packs[0].outcome->text, "Pack input aborted.");
       }},
      {"InputRequest-1.xml",
       [](const Envelope& e) {
         AS(InputRequest);
         expect_header(m.header, "1002", 999, 100);
         EXPECT_EQ(m.is_new_delivery, true);
         ASSERT_EQ(m.article.packs.size(), 1u);
         EXPECT_EQ(m.article.packs[0].delivery_number, "463526");
         EXPECT_EQ(m.article.packs[0].scan_code, "0004-56-034-G|00007|T|Omepra0004|PalH09051200001|051112|XXXXXX");
       }},
      {"InputRequest-2.xml",
       [](const Envelope& e) {
         AS(InputRequest);
         EXPECT_EQ(m.header.id, "1002");
         EXPECT_EQ(m.set_picking_indicator, std::nullopt);
         EXPECT_EQ(m.article.packs.at(0).index, 0);
       }},
      {"InputResponse-1.xml",
       [](const Envelope& e) {
         AS(InputResponse);
         expect_header(m.header, "1002", 100, 999);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].packaging_unit, "1X2.5 ML");
         ASSERT_EQ(m.articles[0].packs.size(), 1u);
         EXPECT_EQ(m.articles[0].packs[0].handling,
                   (Handling<InputHandling>{InputHandling::kAllowed, "Pack input allowed."}));
       }},
      {"InputResponse-2.xml",
       [](const Envelope& e) {
         AS(InputResponse);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].packs.at(0).handling->input, InputHandling::kRejected);
       }},
      {"KeepAliveRequest-1.xml",
       [](const Envelope& e) {
         AS(KeepAliveRequest);
         expect_header(m.header, "1003", 100, 999);
       }},
      {"KeepAliveResponse-1.xml",
       [](const Envelope& e) {
         AS(KeepAliveResponse);
         expect_header(m.header, "1003", 999, 100);
       }},
      {"OutputMessage-1.xml",
       [](const Envelope& e) {
         AS(OutputMessage);
         expect_header(m.header, "1004", 999, 100);
         EXPECT_EQ(m.details.priority, OutputPriority::kNormal);
         EXPECT_EQ(m.details.output_destination, 3);
         EXPECT_EQ(m.status, OutputMessageStatus::kCompleted);
         ASSERT_EQ(m.articles.size(), 2u);
         EXPECT_EQ(m.articles[1].packs.at(0).id, 8563);
         EXPECT_EQ(m.articles[1].packs.at(0).is_in_fridge, true);
         EXPECT_EQ(m.articles[1].packs.at(0).label_status, LabelStatus::kLabelled);
         EXPECT_EQ(m.articles[0].packs.at(0).is_in_fridge, std::nullopt);
         EXPECT_TRUE(m.boxes.empty());
       }},
      {"OutputMessage-2.xml",
       [](const Envelope& e) {
         AS(OutputMessage);
         EXPECT_EQ(m.status, OutputMessageStatus::kIncomplete);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].packs.at(0).label_status, std::nullopt);
       }},
      {"OutputMessage-3.xml",
       [](const Envelope& e) {
         AS(OutputMessage);
         EXPECT_EQ(m.status, OutputMessageStatus::kAborted);
         EXPECT_TRUE(m.articles.empty());
       }},
      {"OutputMessage-4.xml",
       [](const Envelope& e) {
         AS(OutputMessage);
         EXPECT_EQ(m.status, OutputMessageStatus::kAborted);
         ASSERT_EQ(m.articles.size(), 1u);
         EXPECT_EQ(m.articles[0].packs.at(0).id, 5637);
       }},
      {"OutputMessage-5.xml",
       [](const Envelope& e) {
         AS(OutputMessage);
         ASSERT_EQ(m.articles.size(), 2u);
         EXPECT_EQ(m.articles[0].packs.at(0).box_number, "123");
         EXPECT_EQ(m.articles[1].packs.at(0).box_number, "456");
         EXPECT_EQ(m.boxes, (std::vector<Box>{{"123"}, {"456"}}));
       }},
      {"OutputMessage-6.xml",
       [](const Envelope& e) {
         AS(OutputMessage);
         EXPECT_EQ(m.header.id, "1");  // a manual output
         EXPECT_EQ(m.articles.at(0).packs.at(0).output_destination, 3);
       }},
      {"OutputRequest-1.xml",
       [](const Envelope& e) {
         AS(OutputRequest);
         expect_header(m.header, "1004", 100, 999);
         EXPECT_EQ(m.details.output_destination, 3);
         EXPECT_TRUE(m.criteria.empty());
       }},
      {"OutputRequest-2.xml",
       [](const Envelope& e) {
         AS(OutputRequest);
         ASSERT_EQ(m.criteria.size(), 2u);
         EXPECT_EQ(m.criteria[0].article_id, "0004-56-034-G00025T");
         EXPECT_EQ(m.criteria[0].quantity, 1);
         EXPECT_EQ(m.criteria[0].minimum_expiry_date, std::nullopt);
         EXPECT_EQ(m.criteria[1].minimum_expiry_date, ymd(2015, 11, 1));
       }},
      {"OutputRequest-3.xml",
       [](const Envelope& e) {
         AS(OutputRequest);
         ASSERT_EQ(m.criteria.size(), 1u);
         EXPECT_EQ(m.criteria[0].external_id, "PalH09051200001");
       }},
      {"OutputRequest-4.xml",
       [](const Envelope& e) {
         AS(OutputRequest);
         ASSERT_EQ(m.criteria.size(), 1u);
         ASSERT_EQ(m.criteria[0].labels.size(), 1u);
         EXPECT_EQ(m.criteria[0].labels[0].template_id, "3413");
         expect_label_content(m.criteria[0].labels[0].content);
       }},
      {"OutputResponse-1.xml",
       [](const Envelope& e) {
         AS(OutputResponse);
         expect_header(m.header, "1004", 999, 100);
         EXPECT_EQ(m.status, OutputResponseStatus::kQueued);
         EXPECT_EQ(m.criteria.size(), 2u);
       }},
      {"OutputResponse-2.xml",
       [](const Envelope& e) {
         AS(OutputResponse);
         EXPECT_EQ(m.status, OutputResponseStatus::kRejected);
         EXPECT_EQ(m.criteria.at(1).minimum_expiry_date, ymd(2015, 11, 1));
       }},
      {"OutputResponse-3.xml",
       [](const Envelope& e) {
         AS(OutputResponse);
         EXPECT_EQ(m.status, OutputResponseStatus::kQueued);
         ASSERT_EQ(m.criteria.size(), 1u);
         ASSERT_EQ(m.criteria[0].labels.size(), 1u);
         expect_label_content(m.criteria[0].labels[0].content);
       }},
      {"StatusRequest-1.xml",
       [](const Envelope& e) {
         AS(StatusRequest);
         expect_header(m.header, "1003", 100, 999);
         EXPECT_EQ(m.include_details, std::nullopt);
       }},
      {"StatusResponse-1.xml",
       [](const Envelope& e) {
         AS(StatusResponse);
         EXPECT_EQ(m.state, ReadyState::kNotReady);
         ASSERT_EQ(m.components.size(), 3u);
         EXPECT_EQ(m.components[0].type, ComponentType::kStorageSystem);
         EXPECT_EQ(m.components[0].description, "Vmax 1");
         EXPECT_EQ(m.components[2].type, ComponentType::kBoxSystem);
         EXPECT_EQ(m.components[2].state, ReadyState::kNotReady);
         EXPECT_EQ(m.components[2].state_text, "Box system plc is turned off.");
       }},
      {"StockDeliverySetRequest-1.xml",
       [](const Envelope& e) {
         AS(StockDeliverySetRequest);
         expect_header(m.header, "1003", 100, 999);
         ASSERT_EQ(m.deliveries.size(), 1u);
         EXPECT_EQ(m.deliveries[0].delivery_number, "1234");
         ASSERT_EQ(m.deliveries[0].articles.size(), 2u);
         EXPECT_EQ(m.deliveries[0].articles[0].quantity, 15);
         EXPECT_EQ(m.deliveries[0].articles[1].batch_number, "BAT918271");
         EXPECT_EQ(m.deliveries[0].articles[1].expiry_date, ymd(2014, 4, 5));
         EXPECT_EQ(m.deliveries[0].articles[1].requires_fridge, true);
       }},
      {"StockDeliverySetResponse-1.xml",
       [](const Envelope& e) {
         AS(StockDeliverySetResponse);
         EXPECT_EQ(m.result.value, SetResultValue::kAccepted);
         EXPECT_EQ(m.result.text, "Stock Delivery accepted.");
       }},
      {"StockInfoMessage-1.xml",
       [](const Envelope& e) {
         AS(StockInfoMessage);
         expect_header(m.header, "1003", 999, 100);
         expect_manual_stock(m.articles);
       }},
      {"StockInfoRequest-1.xml",
       [](const Envelope& e) {
         AS(StockInfoRequest);
         EXPECT_EQ(m.include_packs, std::nullopt);
         EXPECT_TRUE(m.criteria.empty());
       }},
      {"StockInfoRequest-2.xml",
       [](const Envelope& e) {
         AS(StockInfoRequest);
         EXPECT_EQ(m.include_packs, true);
         ASSERT_EQ(m.criteria.size(), 2u);
         EXPECT_EQ(m.criteria[0].article_id, "0004-56-034-G00007T");
         EXPECT_EQ(m.criteria[1].batch_number, "Omepra0004");
         EXPECT_EQ(m.criteria[1].article_id, std::nullopt);
       }},
      {"StockInfoResponse-1.xml",
       [](const Envelope& e) {
         AS(StockInfoResponse);
         expect_header(m.header, "1003", 999, 100);
         expect_manual_stock(m.articles);
       }},
      {"StockLocationInfoRequest-1.xml",
       [](const Envelope& e) {
         AS(StockLocationInfoRequest);
         expect_header(m.header, "3335", 100, 999);
       }},
      {"StockLocationInfoResponse-1.xml",
       [](const Envelope& e) {
         AS(StockLocationInfoResponse);
         EXPECT_EQ(m.locations,
                   (std::vector<StockLocation>{{"463563", "Narcotics"}, {"674638", "SmartDrugs"}}));
       }},
      {"TaskCancelRequest-1.xml",
       [](const Envelope& e) {
         AS(TaskCancelRequest);
         EXPECT_EQ(m.tasks, (std::vector<TaskRef>{{TaskType::kOutput, "1004"}}));
       }},
      {"TaskCancelResponse-1.xml",
       [](const Envelope& e) {
         AS(TaskCancelResponse);
         EXPECT_EQ(m.tasks,
                   (std::vector<CancelledTask>{{TaskType::kOutput, "1004", TaskCancelStatus::kCancelled}}));
       }},
      {"TaskInfoRequest-1.xml",
       [](const Envelope& e) {
         AS(TaskInfoRequest);
         expect_header(m.header, "3330", 100, 999);
         EXPECT_EQ(m.task, (TaskRef{TaskType::kOutput, "1004"}));
       }},
      {"TaskInfoResponse-1.xml",
       [](const Envelope& e) {
         AS(TaskInfoResponse);
         EXPECT_EQ(m.task.type, TaskType::kOutput);
         EXPECT_EQ(m.task.status, TaskStatus::kInProcess);
         EXPECT_TRUE(m.task.articles.empty());
       }},
      {"TaskInfoResponse-2.xml",
       [](const Envelope& e) {
         AS(TaskInfoResponse);
         EXPECT_EQ(m.task.status, TaskStatus::kCompleted);
         ASSERT_EQ(m.task.articles.size(), 1u);
         EXPECT_EQ(m.task.articles[0].packs.at(0).box_number, "123");
         EXPECT_EQ(m.task.boxes, (std::vector<Box>{{"123"}}));
       }},
      {"TaskInfoResponse-3.xml",
       [](const Envelope& e) {
         AS(TaskInfoResponse);
         EXPECT_EQ(m.task.type, TaskType::kStockDelivery);
         EXPECT_EQ(m.task.id, "1234");
         EXPECT_EQ(m.task.status, TaskStatus::kInProcess);
       }},
      {"TaskInfoResponse-4.xml",
       [](const Envelope& e) {
         AS(TaskInfoResponse);
         EXPECT_EQ(m.task.type, TaskType::kStockDelivery);
         ASSERT_EQ(m.task.articles.size(), 1u);
         EXPECT_EQ(m.task.articles[0].quantity, 1);
         EXPECT_EQ(m.task.articles[0].packs.at(0).delivery_number, "1234");
         EXPECT_EQ(m.task.articles[0].packs.at(0).output_destination, std::nullopt);
       }},
  };
  return table;
}

class WwksExample : public testing::TestWithParam<std::string> {};

TEST(WwksExampleTable, CoversEveryExampleFile) {
  std::vector<std::string> in_table;
  for (const auto& [name, check] : spot_checks()) in_table.push_back(name);
  EXPECT_EQ(example_names(), in_table);
  EXPECT_EQ(in_table.size(), 50u);
}

TEST_P(WwksExample, ParsesIntoTheRightMessage) {
  const Check& check = spot_checks().at(GetParam());
  auto parsed = parse_wwks(read_example(GetParam()));
  if (!check) {
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().field(), "WWKS");
    EXPECT_NE(parsed.status().message().find("expected exactly one message element, found none"), std::string::npos)
        << parsed.status().message();
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->timestamp, manual_timestamp());
  check(*parsed);
  std::string file = GetParam();
  EXPECT_EQ(std::string(message_name(parsed->message)) + "-", file.substr(0, file.find('-') + 1));
}

const std::vector<std::string> kErrataFiles = {"StockInfoMessage-1.xml", "StockInfoResponse-1.xml"};

bool is_erratum(const std::string& name) {
  return std::find(kErrataFiles.begin(), kErrataFiles.end(), name) != kErrataFiles.end();
}

TEST_P(WwksExample, RepairChangesOnlyTheErrataFiles) {
  std::string original = read_example(GetParam());
  RepairedXml repaired = repair_unclosed_packs(original);
  if (is_erratum(GetParam())) {
    EXPECT_EQ(repaired.packs_closed, 3u);
    EXPECT_EQ(repaired.xml.size(), original.size() + 3);
  } else {
    EXPECT_EQ(repaired.packs_closed, 0u);
    EXPECT_EQ(repaired.xml, original);
  }
}

TEST(WwksExampleErrata, AreRefusedPreciselyWithoutTheRepair) {
  for (const std::string& name : kErrataFiles) {
    auto parsed = parse_wwks(read_example(name), ParseOptions{.repair_unclosed_packs = false});
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_EQ(parsed.status().field(), "WWKS");
    // pugixml notices the first unclosed <Pack> when </Article> closes it.
    EXPECT_EQ(parsed.status().message(), "not well-formed XML at line 13, column 7: Start-end tags mismatch")
        << name;
  }
}

class WwksExampleRoundTrip : public testing::TestWithParam<std::string> {};

TEST_P(WwksExampleRoundTrip, WritesBackToAnEqualMessage) {
  auto parsed = parse_wwks(read_example(GetParam()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  std::string written = write_wwks(*parsed);
  auto again = parse_wwks(written, ParseOptions{.repair_unclosed_packs = false});
  ASSERT_TRUE(again.ok()) << again.status().to_string() << "\n" << written;
  EXPECT_EQ(*again, *parsed) << written;
}

TEST_P(WwksExampleRoundTrip, WritesADocumentEquivalentToTheManuals) {
  std::string original = read_example(GetParam());
  auto parsed = parse_wwks(original);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  // The two errata files are compared in their repaired form.
  std::string expected = canonical(repair_unclosed_packs(original).xml);
  ASSERT_FALSE(expected.starts_with("not well-formed")) << expected;
  EXPECT_EQ(canonical(write_wwks(*parsed)), expected);
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string out = info.param.substr(0, info.param.size() - 4);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

INSTANTIATE_TEST_SUITE_P(WwksManual, WwksExample, testing::ValuesIn(example_names()), test_name);
INSTANTIATE_TEST_SUITE_P(WwksManual, WwksExampleRoundTrip, testing::ValuesIn(message_example_names()), test_name);

}  // namespace
}  // namespace rx::wwks
