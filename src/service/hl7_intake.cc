#include "service/hl7_intake.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <variant>

#include "interop/hl7v2/ack_writer.h"

namespace rx {
namespace {

using hl7::AckCode;
using hl7::InboundError;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// Where in the message a field of the canonical prescription came from.
std::string location_of(const std::string& field) {
  if (field.starts_with("items")) return "RXE";
  if (field.starts_with("patient")) return "PID";
  return "";
}

// Why the Pharmacy refused an action, as the ERR segment says it.
InboundError error_of(const Status& s) {
  if (s.code() == ErrorCode::kUnavailable || s.code() == ErrorCode::kInternal) {
    // Nothing of the message was stored: the HIS should send it again later.
    return InboundError{AckCode::kReject, "UNAVAILABLE", s.message() + "; nothing was stored, send the message again",
                        ""};
  }
  std::string code = s.reason();
  if (code.empty()) {
    code = s.code() == ErrorCode::kNotFound   ? "UNKNOWN_PRESCRIPTION"
           : s.code() == ErrorCode::kConflict ? "NOT_ALLOWED"
                                              : "BAD_FIELD";
  }
  std::string text = s.field().empty() ? s.message() : fmt::format("{}: {}", s.field(), s.message());
  return InboundError{AckCode::kError, code, text, location_of(s.field())};
}

std::string_view action_name(const hl7::InboundAction& action) {
  return std::visit(
      Overloaded{[](const hl7::NewOrder&) { return "new order"; }, [](const hl7::CancelOrder&) { return "cancel"; },
                 [](const hl7::PatientUpdate&) { return "patient update"; },
                 [](const hl7::PaymentNotice&) { return "payment"; }},
      action);
}

}  // namespace

Hl7Intake::Hl7Intake(Pharmacy& pharmacy) : pharmacy_(pharmacy) {}

std::string Hl7Intake::ack(const std::optional<hl7::MessageHeader>& header, AckCode code, const InboundError* error) {
  Instant now = pharmacy_.now();
  // Unique across restarts: the time to the millisecond, then a counter.
  std::string control_id = fmt::format("A{}{:03}", now.time_since_epoch().count(), ++acks_ % 1000);
  return hl7::write_ack(header, code, error, control_id, now, pharmacy_.config().zone);
}

void Hl7Intake::handle(std::string_view message, Reply reply) {
  process(hl7::read_inbound(message, pharmacy_.formulary(), pharmacy_.config().zone), std::move(reply));
}

void Hl7Intake::refuse_frame(const Status& why, Reply reply) {
  InboundError error{AckCode::kReject, "MALFORMED", why.message(), ""};
  reply(ack(std::nullopt, AckCode::kReject, &error));
}

void Hl7Intake::process(hl7::Inbound in, Reply reply) {
  if (in.error || !in.action || !in.header) {
    InboundError error =
        in.error.value_or(InboundError{AckCode::kReject, "MALFORMED", "the message has no MSH", "MSH"});
    spdlog::info("hl7: {} {} refused {} {} at {}", in.header ? in.header->control_id : "-",
                 in.header ? in.header->message_type : "-", hl7::ack_code_name(error.ack), error.code,
                 error.location.empty() ? "-" : error.location);
    reply(ack(in.header, error.ack, &error));
    return;
  }
  const std::string id = in.header->control_id;
  if (pending_.count(id)) {
    waiting_[id].push_back(Waiting{std::move(in), std::move(reply)});
    return;
  }
  if (auto receipt = pharmacy_.intake_receipt(id)) {
    if (receipt->digest == in.digest) {
      spdlog::info("hl7: {} {} is a resend; answered as before", id, in.header->message_type);
      reply(receipt->reply);
      return;
    }
    InboundError error{AckCode::kReject, "DUPLICATE_CONTROL_ID",
                       fmt::format("message control id '{}' was already used for a different message; give each "
                                   "message its own MSH-10",
                                   id),
                       "MSH-10"};
    spdlog::info("hl7: {} {} refused: the control id was used before for other content", id, in.header->message_type);
    reply(ack(in.header, AckCode::kReject, &error));
    return;
  }
  auto target = target_of(*in.action);
  if (!target.ok()) {
    InboundError error = error_of(target.status());
    error.location = std::holds_alternative<hl7::CancelOrder>(*in.action) ? "ORC-4" : "FT1-23";
    spdlog::info("hl7: {} {} refused {}: {}", id, in.header->message_type, error.code, error.text);
    reply(ack(in.header, AckCode::kError, &error));
    return;
  }

  pending_.insert(id);
  hl7::MessageHeader header = *in.header;
  Actor actor{"his", header.sending_application.empty() ? "hl7" : header.sending_application};
  std::string accepted = ack(header, AckCode::kAccept, nullptr);
  std::string_view what = action_name(*in.action);
  auto done = [this, header, accepted, what, reply = std::move(reply)](Status s) {
    if (s.ok()) {
      spdlog::debug("hl7: {} {} ({}) applied; AA", header.control_id, header.message_type, what);
      reply(accepted);
    } else {
      InboundError error = error_of(s);
      spdlog::info("hl7: {} {} ({}) not applied: {} {}", header.control_id, header.message_type, what,
                   hl7::ack_code_name(error.ack), error.code);
      reply(ack(header, error.ack, &error));
    }
    release(header.control_id);
  };
  pharmacy_.with_intake_receipt(id, Pharmacy::IntakeReceipt{in.digest, accepted},
                                [&] { apply(std::move(*in.action), *target, actor, std::move(done)); });
}

Result<PrescriptionId> Hl7Intake::target_of(const hl7::InboundAction& action) const {
  const std::string* no = nullptr;
  if (const auto* c = std::get_if<hl7::CancelOrder>(&action)) no = &c->prescription_no;
  if (const auto* p = std::get_if<hl7::PaymentNotice>(&action)) no = &p->prescription_no;
  if (no == nullptr) return PrescriptionId(0);
  const PrescriptionRecord* r = pharmacy_.find_by_no(*no);
  if (r == nullptr) {
    return Status::not_found(fmt::format("there is no prescription numbered '{}'; it must have been sent (and "
                                         "accepted) before it can be cancelled or paid",
                                         *no))
        .with_reason("UNKNOWN_PRESCRIPTION");
  }
  return r->id;
}

void Hl7Intake::apply(hl7::InboundAction action, PrescriptionId target, const Actor& actor,
                      std::function<void(Status)> done) {
  auto record_done = [done](Result<const PrescriptionRecord*> r) { done(r.ok() ? Status() : r.status()); };
  std::visit(Overloaded{[&](hl7::NewOrder& o) {
                          pharmacy_.create(std::move(o.rx), actor, [done](Result<Pharmacy::Created> r) {
                            done(r.ok() ? Status() : r.status());
                          });
                        },
                        [&](hl7::CancelOrder& c) {
                          std::string reason =
                              c.reason.empty() ? fmt::format("cancelled by the HIS (ORC-1 {})", c.control) : c.reason;
                          pharmacy_.cancel(target, std::move(reason), actor, record_done);
                        },
                        [&](hl7::PatientUpdate& p) { pharmacy_.update_patient(std::move(p.patient), actor, done); },
                        [&](hl7::PaymentNotice& p) { pharmacy_.pay(target, p.paid_at, actor, record_done); }},
             action);
}

void Hl7Intake::release(const std::string& control_id) {
  pending_.erase(control_id);
  auto it = waiting_.find(control_id);
  if (it == waiting_.end()) return;
  std::vector<Waiting> waiters = std::move(it->second);
  waiting_.erase(it);
  for (auto& w : waiters) process(std::move(w.inbound), std::move(w.reply));
}

}  // namespace rx
