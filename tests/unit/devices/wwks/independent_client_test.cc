// The robot simulator driven by a client that knows only the manual: it
// writes the manual's example messages as literal text and reads the answers
// with pugixml and string search, without rxpress's WWKS codec.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <pugixml.hpp>
#include <string>

#include "devices/wwks_sim/wwks_server.h"
#include "unit/devices/wwks/loopback_pump.h"
#include "unit/devices/wwks/loopback_robot.h"
#include "unit/devices/wwks/wwks_fixture.h"

namespace rx {
namespace {

using namespace rx::test;
namespace asio = boost::asio;

// Manual 6.1.1, HelloRequest example, as printed.
constexpr const char* kHelloRequest = R"(<WWKS Version="2.0" TimeStamp="2013-04-16T11:14:00Z">
  <HelloRequest Id="1001">
    <Subscriber Id="100" Type="IMS" Manufacturer="IT-SysProvider"
                ProductInfo="PharmaProg 2013" VersionInfo="1.4.0"
                TenantId="XAB12345">
      <Capability Name="KeepAlive"/>
      <Capability Name="Status"/>
      <Capability Name="Output"/>
      <Capability Name="TaskInfo"/>
      <Capability Name="TaskCancel"/>
    </Subscriber>
  </HelloRequest>
</WWKS>)";

// Manual 6.2.1, as printed.
constexpr const char* kKeepAliveRequest = R"(<WWKS Version="2.0" TimeStamp="2013-04-16T11:14:00Z">
  <KeepAliveRequest Id="1003" Source="100" Destination="999"/>
</WWKS>)";

// Manual 6.8.1, the second example, with article ids of the simulator's stock.
constexpr const char* kOutputRequest = R"(<WWKS Version="2.0" TimeStamp="2013-04-16T11:14:00Z">
  <OutputRequest Id="1004" Source="100" Destination="999">
    <Details Priority="Normal" OutputDestination="3"/>
    <Criteria ArticleId="D0002" Quantity="2"/>
    <Criteria ArticleId="D0007" Quantity="1"
              MinimumExpiryDate="2015-11-01"/>
  </OutputRequest>
</WWKS>)";

// Manual 6.9.1, as printed, asking for the task's packs as well.
constexpr const char* kTaskInfoRequest = R"(<WWKS Version="2.0" TimeStamp="2013-04-16T11:14:00Z">
  <TaskInfoRequest Id="3330" Source="100" Destination="999" IncludeTaskDetails="True">
    <Task Type="Output" Id="1004"/>
  </TaskInfoRequest>
</WWKS>)";

// A client on a bare socket: it writes text and cuts what it reads at "</WWKS>".
class ManualClient {
 public:
  ManualClient(asio::io_context& io, unsigned short port) : socket_(io) {
    socket_.connect({asio::ip::address_v4::loopback(), port});
    read();
  }

  void send(const std::string& text) { asio::write(socket_, asio::buffer(text)); }

  // Complete documents received so far.
  const std::vector<std::string>& documents() const { return documents_; }
  // The first document whose lead element is `name`, parsed.
  bool find(const std::string& name, pugi::xml_document& out) const {
    for (const auto& d : documents_) {
      if (d.find("<" + name + " ") == std::string::npos) continue;
      return out.load_string(d.c_str());
    }
    return false;
  }
  size_t count(const std::string& name) const {
    size_t n = 0;
    for (const auto& d : documents_) n += d.find("<" + name + " ") != std::string::npos;
    return n;
  }

 private:
  void read() {
    socket_.async_read_some(asio::buffer(buffer_), [this](const boost::system::error_code& ec, size_t n) {
      if (ec) return;
      pending_.append(buffer_.data(), n);
      for (size_t end; (end = pending_.find("</WWKS>")) != std::string::npos;) {
        documents_.push_back(pending_.substr(0, end + 7));
        pending_.erase(0, end + 7);
      }
      read();
    });
  }

  asio::ip::tcp::socket socket_;
  std::array<char, 4096> buffer_{};
  std::string pending_;
  std::vector<std::string> documents_;
};

class IndependentClientTest : public ::testing::Test {
 protected:
  IndependentClientTest() : clock_(kWwksStart), pump_(io_, clock_), sim_(io_, clock_) {
    client_ = std::make_unique<ManualClient>(io_, sim_.port());
  }

  asio::io_context io_;
  VirtualScheduler clock_;
  LoopbackPump pump_;
  LoopbackRobot sim_;
  std::unique_ptr<ManualClient> client_;
};

TEST_F(IndependentClientTest, HelloAnswersWithARobotSubscriber) {
  client_->send(kHelloRequest);
  ASSERT_TRUE(pump_.io_until([&] { return client_->count("HelloResponse") == 1; }));
  pugi::xml_document doc;
  ASSERT_TRUE(client_->find("HelloResponse", doc));
  EXPECT_STREQ(doc.child("WWKS").attribute("Version").value(), "2.0");
  EXPECT_FALSE(std::string(doc.child("WWKS").attribute("TimeStamp").value()).empty());
  pugi::xml_node response = doc.child("WWKS").child("HelloResponse");
  EXPECT_STREQ(response.attribute("Id").value(), "1001");
  pugi::xml_node subscriber = response.child("Subscriber");
  EXPECT_STREQ(subscriber.attribute("Id").value(), "999");
  EXPECT_STREQ(subscriber.attribute("Type").value(), "Robot");
  EXPECT_TRUE(subscriber.find_child_by_attribute("Capability", "Name", "Output"));
  EXPECT_TRUE(subscriber.find_child_by_attribute("Capability", "Name", "TaskInfo"));
}

TEST_F(IndependentClientTest, KeepAliveIsAnsweredWithSourceAndDestinationSwapped) {
  client_->send(kHelloRequest);
  client_->send(kKeepAliveRequest);
  ASSERT_TRUE(pump_.io_until([&] { return client_->count("KeepAliveResponse") == 1; }));
  pugi::xml_document doc;
  ASSERT_TRUE(client_->find("KeepAliveResponse", doc));
  pugi::xml_node r = doc.child("WWKS").child("KeepAliveResponse");
  EXPECT_STREQ(r.attribute("Id").value(), "1003");
  EXPECT_STREQ(r.attribute("Source").value(), "999");
  EXPECT_STREQ(r.attribute("Destination").value(), "100");
}

TEST_F(IndependentClientTest, AnOutputIsQueuedAndItsPacksComeInTheOutputMessage) {
  client_->send(kHelloRequest);
  client_->send(kOutputRequest);
  ASSERT_TRUE(pump_.io_until([&] { return client_->count("OutputResponse") == 1; }));
  pugi::xml_document response;
  ASSERT_TRUE(client_->find("OutputResponse", response));
  pugi::xml_node r = response.child("WWKS").child("OutputResponse");
  EXPECT_STREQ(r.attribute("Id").value(), "1004");
  EXPECT_STREQ(r.child("Details").attribute("Status").value(), "Queued");
  EXPECT_STREQ(r.child("Details").attribute("OutputDestination").value(), "3");
  EXPECT_EQ(std::distance(r.children("Criteria").begin(), r.children("Criteria").end()), 2);

  ASSERT_TRUE(pump_.until([&] { return client_->count("OutputMessage") == 1; }));
  pugi::xml_document message;
  ASSERT_TRUE(client_->find("OutputMessage", message));
  pugi::xml_node m = message.child("WWKS").child("OutputMessage");
  EXPECT_STREQ(m.attribute("Id").value(), "1004");
  EXPECT_STREQ(m.attribute("Source").value(), "999");
  EXPECT_STREQ(m.attribute("Destination").value(), "100");
  EXPECT_STREQ(m.child("Details").attribute("Status").value(), "Completed");
  int packs = 0;
  for (pugi::xml_node article : m.children("Article")) {
    for (pugi::xml_node pack : article.children("Pack")) {
      ++packs;
      EXPECT_GT(pack.attribute("Id").as_llong(), 0);
      EXPECT_STREQ(pack.attribute("OutputDestination").value(), "3");
      std::string code = pack.attribute("ScanCode").value();
      // The group separator after the lot travels as the four characters \x1D (manual 5.1).
      EXPECT_NE(code.find(std::string(pack.attribute("BatchNumber").value()) + "\\x1D21"), std::string::npos)
          << code;
    }
  }
  EXPECT_EQ(packs, 3);
  EXPECT_STREQ(m.find_child_by_attribute("Article", "Id", "D0007").child("Pack").attribute("IsInFridge").value(),
               "True");
}

TEST_F(IndependentClientTest, TaskInfoGivesTheFinishedTaskWithItsPacks) {
  client_->send(kHelloRequest);
  client_->send(kOutputRequest);
  ASSERT_TRUE(pump_.until([&] { return client_->count("OutputMessage") == 1; }));
  client_->send(kTaskInfoRequest);
  ASSERT_TRUE(pump_.io_until([&] { return client_->count("TaskInfoResponse") == 1; }));
  pugi::xml_document doc;
  ASSERT_TRUE(client_->find("TaskInfoResponse", doc));
  pugi::xml_node task = doc.child("WWKS").child("TaskInfoResponse").child("Task");
  EXPECT_STREQ(task.attribute("Type").value(), "Output");
  EXPECT_STREQ(task.attribute("Id").value(), "1004");
  EXPECT_STREQ(task.attribute("Status").value(), "Completed");
  EXPECT_EQ(doc.select_nodes("//Pack").size(), 3u);
}

TEST_F(IndependentClientTest, ATruncatedDocumentDoesNotEndTheConnection) {
  // A document without its end tag: the next <WWKS shows it was cut short.
  client_->send("<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">\n"
                "  <KeepAliveRequest Id=\"1\" Source=\"100\" Destination=\"999\"/>\n");
  client_->send(kKeepAliveRequest);
  ASSERT_TRUE(pump_.io_until([&] { return client_->count("KeepAliveResponse") == 1; }));
  EXPECT_EQ(client_->documents().size(), 1u);
}

}  // namespace
}  // namespace rx
