// StrongId<Tag, Rep>: a value that cannot be mixed up with another kind of id.
#pragma once

#include <compare>
#include <functional>
#include <string>
#include <utility>

namespace rx {

template <class Tag, class Rep>
class StrongId {
 public:
  using rep_type = Rep;
  StrongId() = default;
  explicit StrongId(Rep value) : value_(std::move(value)) {}
  const Rep& value() const { return value_; }
  auto operator<=>(const StrongId&) const = default;
  bool operator==(const StrongId&) const = default;

 private:
  Rep value_{};
};

using PrescriptionId = StrongId<struct PrescriptionIdTag, long long>;
using PatientId = StrongId<struct PatientIdTag, std::string>;
using DrugCode = StrongId<struct DrugCodeTag, std::string>;
using LotNo = StrongId<struct LotNoTag, std::string>;
using LocationCode = StrongId<struct LocationTag, std::string>;
using EventSeq = StrongId<struct EventSeqTag, long long>;

}  // namespace rx

template <class Tag, class Rep>
struct std::hash<rx::StrongId<Tag, Rep>> {
  size_t operator()(const rx::StrongId<Tag, Rep>& id) const { return std::hash<Rep>()(id.value()); }
};
