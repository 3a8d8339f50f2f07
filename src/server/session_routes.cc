#include "server/session_routes.h"

#include <boost/beast/http/field.hpp>

#include "server/api_response.h"

namespace rx {

namespace http = boost::beast::http;

void add_session_routes(Router& router, Authenticator& auth, std::function<Instant()> now) {
  router.add(Route{http::verb::post, "/api/v1/session", Access::kOpen, Permission::kRead,
                   RequestHandler([&auth, now](const RequestContext& ctx, Reply reply) {
                     auto body = read_json_body(ctx.request);
                     if (!body.ok()) return reply(error_response(body.status()));
                     auto token = body->find("token");
                     if (!body->is_object() || token == body->end() || !token->is_string() ||
                         token->get_ref<const std::string&>().empty()) {
                       return reply(error_response(Status::invalid("a non-empty string is required", "token")));
                     }
                     auto actor = auth.token_actor(token->get_ref<const std::string&>());
                     if (!actor) {
                       return reply(error_response(Status(ErrorCode::kUnauthenticated, "the token is not valid")));
                     }
                     std::string id = auth.sessions().open(*actor, now());
                     HttpResponse res = json_response(http::status::ok, {{"role", actor->role}, {"name", actor->name}});
                     res.set(http::field::set_cookie, session_cookie_value(id));
                     reply(std::move(res));
                   })});
  router.add(Route{http::verb::get, "/api/v1/session", Access::kSignedIn, Permission::kRead,
                   RequestHandler([](const RequestContext& ctx, Reply reply) {
                     reply(json_response(http::status::ok, {{"role", ctx.actor.role}, {"name", ctx.actor.name}}));
                   })});
  router.add(Route{http::verb::delete_, "/api/v1/session", Access::kOpen, Permission::kRead,
                   RequestHandler([&auth](const RequestContext& ctx, Reply reply) {
                     auto cookie = ctx.request.find(http::field::cookie);
                     if (cookie != ctx.request.end()) {
                       auto id = find_session_cookie(std::string_view(cookie->value().data(), cookie->value().size()));
                       if (id) auth.sessions().close(*id);
                     }
                     HttpResponse res{http::status::no_content, 11};
                     res.set(http::field::set_cookie, cleared_session_cookie_value());
                     reply(std::move(res));
                   })});
}

}  // namespace rx
