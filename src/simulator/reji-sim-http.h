/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A KOMOJU error answer: the HTTP status and the members of
 * `{"error": {"code", "message", "param", "details"}}`. */
typedef struct
{
  guint  status;
  char  *code;
  char  *message;
  char  *param;
} RejiSimError;

RejiSimError *reji_sim_error_new           (guint               status,
                                            const char         *code,
                                            const char         *param,
                                            const char         *format,
                                            ...) G_GNUC_PRINTF (4, 5);
void          reji_sim_error_free          (RejiSimError       *error);
JsonNode     *reji_sim_error_to_json       (const RejiSimError *error);

void          reji_sim_respond_json        (SoupServerMessage  *message,
                                            guint               status,
                                            JsonNode           *node);
void          reji_sim_respond_error       (SoupServerMessage  *message,
                                            const RejiSimError *error);
void          reji_sim_respond_html        (SoupServerMessage  *message,
                                            guint               status,
                                            GString            *html);

JsonObject   *reji_sim_parse_body          (SoupServerMessage  *message,
                                            RejiSimError      **error);

/* Reading request parameters that may come from JSON or from a form,
 * where every value is a string. Each returns FALSE and sets @error when
 * the member is missing (if required) or has the wrong form. */
gboolean      reji_sim_param_get_string    (JsonObject         *object,
                                            const char         *prefix,
                                            const char         *name,
                                            gboolean            required,
                                            const char        **out_value,
                                            RejiSimError      **error);
gboolean      reji_sim_param_get_integer   (JsonObject         *object,
                                            const char         *prefix,
                                            const char         *name,
                                            gboolean            required,
                                            gint64              minimum,
                                            gint64              maximum,
                                            gboolean           *out_present,
                                            gint64             *out_value,
                                            RejiSimError      **error);
gboolean      reji_sim_param_get_boolean   (JsonObject         *object,
                                            const char         *name,
                                            gboolean            default_value,
                                            gboolean           *out_value,
                                            RejiSimError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiSimError, reji_sim_error_free)

G_END_DECLS
