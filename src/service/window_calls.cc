// Calling checked-in patients whose medicine is ready to the windows, and
// releasing their baskets there.
#include <algorithm>

#include <fmt/format.h>

#include "planning/policy.h"
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

const Actor kSystem{"system", "rxpress"};

}  // namespace

void Pharmacy::Impl::call_windows() {
  std::vector<int> free;
  std::vector<int> closing;
  for (size_t w = 0; w < windows_.size(); ++w) {
    if (!windows_[w]) {
      free.push_back(static_cast<int>(w) + 1);
    } else if (window_closing_[w] && calls_closing_windows(config_.policy)) {
      closing.push_back(static_cast<int>(w) + 1);
    }
  }
  if (free.empty() && closing.empty()) return;
  std::vector<WaitingPatient> waiting;
  // Walks the patients at the pharmacy, not every record of the day; those
  // whose prescription is over leave the index here.
  for (auto it = at_pharmacy_.begin(); it != at_pharmacy_.end();) {
    const PrescriptionRecord& r = *records_.at(*it);
    if (is_final(r.status)) {
      it = at_pharmacy_.erase(it);
      continue;
    }
    if (r.status == RxStatus::kReady && !r.window && r.queue_no) waiting.push_back(WaitingPatient{r.id, *r.queue_no});
    ++it;
  }
  // A free window's pharmacist waits already: it is served before one finishing.
  std::vector<WindowCall> calls = assign_windows(free, waiting);
  if (calls.size() < waiting.size() && !closing.empty()) {
    std::erase_if(waiting, [&](const WaitingPatient& p) {
      return std::any_of(calls.begin(), calls.end(), [&](const WindowCall& c) { return c.id == p.id; });
    });
    for (const WindowCall& call : assign_windows(closing, std::move(waiting))) calls.push_back(call);
  }
  for (const WindowCall& call : calls) {
    PrescriptionRecord& r = *records_.at(call.id.value());
    r.window = call.window;
    r.called_at = sched_.now();
    windows_[call.window - 1] = r.id.value();
    window_closing_[call.window - 1] = false;
    touch(r);
    screen_dirty_ = true;
    emit("prescription.called", kSystem, r.id, {{"window", call.window}, {"queue_no", *r.queue_no}});
    schedule_release(r.id, call.window);
  }
}

void Pharmacy::Impl::schedule_release(PrescriptionId id, int window) {
  sched_.schedule_after(config_.release_delay, [this, id, window] {
    PrescriptionRecord* rec = get(id);
    if (!rec || rec->status != RxStatus::kReady || rec->window != window || rec->at_window) return;
    rec->at_window = true;
    touch(*rec);
    emit("prescription.at_window", Actor{"device", "conveyor"}, id, {{"window", window}});
  });
}

void Pharmacy::Impl::leave_window(const PrescriptionRecord& r) {
  if (!r.window || *r.window < 1 || *r.window > static_cast<int>(windows_.size())) return;
  auto w = static_cast<size_t>(*r.window - 1);
  if (windows_[w] != r.id.value()) return;  // the next patient is called there already
  windows_[w].reset();
  window_closing_[w] = false;
}

void Pharmacy::window_closing(int window, std::function<void(Status)> done) {
  auto& im = *impl_;
  if (window < 1 || window > static_cast<int>(im.windows_.size())) {
    Status err = Status::invalid(
        fmt::format("expected a window from 1 to {}, found {}", im.windows_.size(), window), "window");
    scheduler_.post([done, err] { done(err); });
    return;
  }
  auto w = static_cast<size_t>(window - 1);
  if (im.windows_[w] && calls_closing_windows(im.config_.policy)) {
    im.window_closing_[w] = true;
    im.call_windows();
  }
  im.after_commit([done] { done(Status()); }, [done](const Status& s) { done(s); });
}

}  // namespace rx
