// A message parsed in a test from text it keeps, so the view stays valid for
// as long as this object lives.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "interop/hl7v2/parser.h"

namespace rx::hl7 {

class ViewedMessage {
 public:
  explicit ViewedMessage(std::string text) : text_(std::move(text)) {
    auto view = parse_hl7_view(text_);
    EXPECT_TRUE(view.ok()) << view.status().to_string();
    if (view.ok()) view_ = std::move(view).value();
  }
  ViewedMessage(const ViewedMessage&) = delete;
  ViewedMessage& operator=(const ViewedMessage&) = delete;

  const MessageView& operator*() const { return view_; }
  const MessageView* operator->() const { return &view_; }

 private:
  std::string text_;
  MessageView view_;
};

}  // namespace rx::hl7
