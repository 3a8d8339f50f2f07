#include "interop/wwks/stream_splitter.h"

#include <fmt/format.h>

namespace rx::wwks {
namespace {

constexpr std::string_view kStartTag = "<WWKS";
constexpr std::string_view kEndTag = "</WWKS";
constexpr std::string_view kCdataOpen = "<![CDATA[";
constexpr std::string_view kCommentOpen = "<!--";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
// A character that may follow an element name in a tag.
bool ends_name(char c) { return is_space(c) || c == '>' || c == '/'; }

// True when `text` is `name` followed by a character that ends the name.
bool names(std::string_view text, std::string_view name) {
  return text.size() > name.size() && text.starts_with(name) && ends_name(text[name.size()]);
}

}  // namespace

std::vector<Result<std::string>> WwksStreamSplitter::feed(std::string_view chunk) {
  std::vector<Result<std::string>> out;
  for (char c : chunk) consume(c, out);
  return out;
}

void WwksStreamSplitter::begin_document() {
  document_.assign(kStartTag);
  tag_start_ = 0;
  quote_ = 0;
  pending_.clear();
  state_ = State::kTag;
}

void WwksStreamSplitter::consume(char c, std::vector<Result<std::string>>& out) {
  if (state_ == State::kBetween) {
    if (pending_.size() == kStartTag.size()) {
      if (ends_name(c)) {
        begin_document();
        consume(c, out);
        return;
      }
      discarded_bytes_ += pending_.size();
      pending_.clear();
    }
    if (c == kStartTag[pending_.size()]) {
      pending_ += c;
      return;
    }
    discarded_bytes_ += pending_.size();
    pending_.clear();
    if (c == '<') {
      pending_ += c;
    } else {
      ++discarded_bytes_;
    }
    return;
  }

  if (state_ == State::kSkipping) {
    ++discarded_bytes_;
    pending_ += c;
    if (pending_.size() > kEndTag.size() + 1) pending_.erase(0, 1);
    std::string_view window = pending_;
    if (names(window, kEndTag)) {
      pending_.clear();
      state_ = State::kBetween;
    } else if (names(window.substr(1), kStartTag)) {
      discarded_bytes_ -= kStartTag.size() + 1;
      begin_document();
      consume(c, out);
    }
    return;
  }

  document_ += c;
  if (document_.size() > max_document_bytes_) {
    out.push_back(Status::invalid(
        fmt::format("WWKS document is longer than {} bytes; skipped up to its end", max_document_bytes_), "WWKS"));
    discarded_bytes_ += document_.size();
    document_.clear();
    pending_.clear();
    state_ = State::kSkipping;
    return;
  }

  std::string_view markup = std::string_view(document_).substr(tag_start_);
  switch (state_) {
    case State::kText:
      if (c == '<') {
        tag_start_ = document_.size() - 1;
        state_ = State::kMarkup;
      }
      break;
    case State::kMarkup:
      if (markup == kCdataOpen) {
        state_ = State::kCdata;
      } else if (markup == kCommentOpen) {
        state_ = State::kComment;
      } else if (kCdataOpen.starts_with(markup) || kCommentOpen.starts_with(markup)) {
        // Not yet decided.
      } else if (markup[1] == '?' || markup[1] == '!') {
        state_ = (markup[1] == '!' && c == '>') ? State::kText : State::kOther;
      } else {
        state_ = State::kTag;
        quote_ = 0;
        if (c == '"' || c == '\'') quote_ = c;
        if (c == '>') finish_tag(out);
      }
      break;
    case State::kTag:
      if (quote_ != 0) {
        if (c == quote_) quote_ = 0;
      } else if (c == '"' || c == '\'') {
        quote_ = c;
      } else if (c == '>') {
        finish_tag(out);
      }
      break;
    case State::kCdata:
      if (markup.size() > kCdataOpen.size() + 2 && markup.ends_with("]]>")) state_ = State::kText;
      break;
    case State::kComment:
      if (markup.size() > kCommentOpen.size() + 2 && markup.ends_with("-->")) state_ = State::kText;
      break;
    case State::kOther:
      if (markup[1] == '?' ? markup.ends_with("?>") : c == '>') state_ = State::kText;
      break;
    case State::kBetween:
    case State::kSkipping:
      break;
  }
}

void WwksStreamSplitter::finish_tag(std::vector<Result<std::string>>& out) {
  std::string_view tag = std::string_view(document_).substr(tag_start_);
  bool self_closing = tag.ends_with("/>");
  if (names(tag, kEndTag) || (tag_start_ == 0 && self_closing)) {
    out.push_back(std::move(document_));
    document_.clear();
    state_ = State::kBetween;
    return;
  }
  if (tag_start_ != 0 && names(tag, kStartTag)) {
    out.push_back(Status::invalid(
        fmt::format("WWKS document cut short after {} bytes by the start of another", tag_start_), "WWKS"));
    discarded_bytes_ += tag_start_;
    document_.erase(0, tag_start_);
    tag_start_ = 0;
    if (self_closing) {
      out.push_back(std::move(document_));
      document_.clear();
      state_ = State::kBetween;
      return;
    }
  }
  state_ = State::kText;
}

}  // namespace rx::wwks
