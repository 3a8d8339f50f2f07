// The outbox: what the HIS must be told, written in the same commit as the
// change it reports, and delivered oldest first, one message at a time, each
// sent as written (same control id) until the HIS accepts it. A message the
// HIS accepted is stored as delivered before the next one goes, and is never
// sent again, after a restart either.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "interop/hl7v2/outbound.h"
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

const Actor kOutbox{"system", "outbox"};

// MSH-9.1^MSH-9.2 of a message this pharmacy wrote ("RDS^O13").
std::string message_type_of(std::string_view message) {
  std::string_view msh = message.substr(0, message.find('\r'));
  size_t field = 0;
  size_t start = 0;
  for (size_t i = 0; i <= msh.size(); ++i) {
    if (i < msh.size() && msh[i] != '|') continue;
    if (field == 8) {
      std::string_view type = msh.substr(start, i - start);
      size_t first = type.find('^');
      size_t second = first == std::string_view::npos ? first : type.find('^', first + 1);
      return std::string(type.substr(0, second));
    }
    ++field;
    start = i + 1;
  }
  return {};
}

bool is_nmpa_code(const std::string& code) {
  return code.size() == 20 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Duration backoff(const HisRetry& retry, int failures) {
  double ms = static_cast<double>(retry.first.count()) * std::pow(retry.factor, std::max(failures - 1, 0));
  return Duration{static_cast<long long>(std::min(ms, static_cast<double>(retry.max.count())))};
}

}  // namespace

void Pharmacy::Impl::enqueue_dispense(const PrescriptionRecord& r, const Actor& pharmacist) {
  hl7::DispenseReport report;
  report.rx = r.rx;
  report.handed_over_at = r.handed_over_at.value_or(sched_.now());
  report.window = r.window.value_or(0);
  report.pharmacist = pharmacist.name;
  for (size_t i = 0; i < r.rx.items.size(); ++i) {
    hl7::DispensedLine line{r.rx.items[i], {}};
    for (const auto& p : r.packs) {
      if (!p.verified || p.item != static_cast<int>(i)) continue;
      line.packs.push_back(hl7::DispensedPack{p.pack.gtin, p.pack.lot.value(), p.pack.expiry, p.pack.serial,
                                              is_nmpa_code(p.pack.code) ? p.pack.code : std::string()});
    }
    report.lines.push_back(std::move(line));
  }
  enqueue_his(r, [&](const std::string& control_id) {
    return hl7::write_rds_o13(report, control_id, sched_.now(), config_.zone);
  });
}

void Pharmacy::Impl::enqueue_rejection(const PrescriptionRecord& r) {
  enqueue_his(r, [&](const std::string& control_id) {
    return hl7::write_order_rejection(r.rx, r.reason, control_id, sched_.now(), config_.zone);
  });
}

void Pharmacy::Impl::enqueue_his(const PrescriptionRecord& r,
                                 const std::function<std::string(const std::string&)>& write) {
  OutboxRow row;
  row.id = ++outbox_last_id_;
  row.control_id = fmt::format("RX{}", row.id);
  row.message = write(row.control_id);
  row.message_type = message_type_of(row.message);
  row.prescription = r.id;
  row.created_at = sched_.now();
  dirty_outbox_.push_back(row);
  after_commit([this, row = std::move(row)]() mutable {
    outbox_.push_back(std::move(row));
    deliver_next();
  });
}

void Pharmacy::Impl::deliver_next() {
  if (his_ == nullptr || his_sending_ || his_retry_at_ || outbox_.empty()) return;
  OutboxRow& row = outbox_.front();
  if (accepted_unrecorded_ == row.control_id) return record_delivery();
  his_sending_ = true;
  ++row.attempts;
  std::string control_id = row.control_id;
  his_->send(row.message, [this, control_id](Result<std::string> reply) {
    // A link may answer inside send itself; the next turn keeps deliver_next from re-entering.
    sched_.post([this, control_id, reply = std::move(reply)]() mutable { on_his_reply(control_id, std::move(reply)); });
  });
}

void Pharmacy::Impl::on_his_reply(const std::string& control_id, Result<std::string> reply) {
  his_sending_ = false;
  if (outbox_.empty() || outbox_.front().control_id != control_id) {
    // The outbox was reloaded after a failed commit while this was on its way.
    return deliver_next();
  }
  if (!reply.ok()) {
    return retry_later(fmt::format("{} sent to {} got no answer: {}", control_id, his_->endpoint(),
                                   reply.status().message()));
  }
  Result<bool> accepted = hl7::peer_accepted(*reply, control_id);
  if (!accepted.ok()) {
    return retry_later(fmt::format("{}: the answer of {} cannot be read: {}", control_id, his_->endpoint(),
                                   accepted.status().message()));
  }
  if (!*accepted) {
    std::string start = reply->substr(0, 200);
    std::replace(start.begin(), start.end(), '\r', ' ');
    return retry_later(fmt::format("{}: {} did not accept it: {}", control_id, his_->endpoint(), start));
  }
  accepted_unrecorded_ = control_id;
  record_delivery();
}

void Pharmacy::Impl::retry_later(std::string why) {
  ++his_failures_;
  Duration wait = backoff(config_.his_retry, his_failures_);
  if (his_failures_ == 1 || why != his_last_error_) {
    spdlog::warn("HIS outbox: {}; trying again in {} ms ({} waiting)", why, wait.count(), outbox_.size());
  }
  his_last_error_ = std::move(why);
  his_retry_at_ = sched_.now() + wait;
  sched_.schedule_at(*his_retry_at_, [this] {
    his_retry_at_.reset();
    deliver_next();
  });
}

void Pharmacy::Impl::record_delivery() {
  OutboxRow row = outbox_.front();
  row.delivered_at = sched_.now();
  dirty_outbox_.push_back(row);
  emit("his.accepted", kOutbox, row.prescription,
       {{"control_id", row.control_id}, {"message_type", row.message_type}, {"attempts", row.attempts}});
  // Nothing more goes out until this is stored: the order of delivery is the order of the outbox.
  his_sending_ = true;
  after_commit(
      [this, control_id = row.control_id] {
        his_sending_ = false;
        accepted_unrecorded_.reset();
        if (!outbox_.empty() && outbox_.front().control_id == control_id) outbox_.pop_front();
        if (his_failures_ > 0) spdlog::info("HIS outbox: {} delivered; the HIS is reachable again", control_id);
        his_failures_ = 0;
        his_last_error_.clear();
        deliver_next();
      },
      [this](const Status& s) {
        his_sending_ = false;
        retry_later("an accepted message could not be marked delivered: " + s.message());
      });
}

void Pharmacy::link_his(HisLink& link) {
  impl_->his_ = &link;
  scheduler_.post([this] { impl_->deliver_next(); });
}

HisOutboxStatus Pharmacy::his_outbox() const {
  const Impl& im = *impl_;
  HisOutboxStatus s;
  s.pending = im.outbox_.size();
  s.last_error = im.his_last_error_;
  s.next_attempt = im.his_retry_at_;
  if (im.his_ == nullptr) {
    s.state = "not configured";
  } else {
    s.endpoint = im.his_->endpoint();
    s.state = im.his_sending_ ? "sending" : im.his_retry_at_ ? "retrying" : "idle";
  }
  return s;
}

}  // namespace rx
