/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-sim-http.h"

/**
 * reji_sim_error_new:
 * @status: the HTTP status
 * @code: KOMOJU's error code
 * @param: (nullable): the request parameter at fault
 * @format: printf() format of the human-readable, translated message
 *
 * Creates an error answer.
 */
RejiSimError *
reji_sim_error_new (guint       status,
                    const char *code,
                    const char *param,
                    const char *format,
                    ...)
{
  RejiSimError *error = g_new0 (RejiSimError, 1);
  va_list args;

  error->status = status;
  error->code = g_strdup (code);
  error->param = g_strdup (param);
  va_start (args, format);
  error->message = g_strdup_vprintf (format, args);
  va_end (args);

  return error;
}

void
reji_sim_error_free (RejiSimError *error)
{
  g_free (error->code);
  g_free (error->message);
  g_free (error->param);
  g_free (error);
}

JsonNode *
reji_sim_error_to_json (const RejiSimError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, error->code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_set_member_name (builder, "param");
  if (error->param != NULL)
    json_builder_add_string_value (builder, error->param);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "details");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Sends @node (consumed) as the JSON body of the answer. */
void
reji_sim_respond_json (SoupServerMessage *message,
                       guint              status,
                       JsonNode          *node)
{
  g_autoptr(JsonNode) owned_node = node;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, owned_node);
  text = json_generator_to_data (generator, &length);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
reji_sim_respond_error (SoupServerMessage  *message,
                        const RejiSimError *error)
{
  reji_sim_respond_json (message, error->status, reji_sim_error_to_json (error));
}

/* Sends @html (consumed) as an HTML page. */
void
reji_sim_respond_html (SoupServerMessage *message,
                       guint              status,
                       GString           *html)
{
  gsize length = html->len;
  char *text = g_string_free (html, FALSE);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, length);
}

/* Puts a form field into @object: "a[b]=v" becomes the member "b" of the
 * object member "a", as KOMOJU reads bracket keys. Other keys stay flat. */
static void
add_form_field (JsonObject *object,
                const char *key,
                const char *value)
{
  const char *open = strchr (key, '[');
  gsize key_length = strlen (key);
  g_autofree char *outer = NULL;
  g_autofree char *inner = NULL;
  JsonObject *child;

  if (open == NULL || open == key || key[key_length - 1] != ']' || open + 1 >= key + key_length - 1)
    {
      json_object_set_string_member (object, key, value);
      return;
    }

  outer = g_strndup (key, open - key);
  inner = g_strndup (open + 1, key + key_length - 1 - (open + 1));

  child = json_object_has_member (object, outer) ? json_object_get_object_member (object, outer) : NULL;
  if (child == NULL)
    {
      child = json_object_new ();
      json_object_set_object_member (object, outer, child);
    }
  json_object_set_string_member (child, inner, value);
}

static JsonObject *
parse_form (GBytes *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  g_autofree char *text = g_strndup (data, length);
  g_autoptr(GHashTable) fields = soup_form_decode (text);
  JsonObject *object = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_form_field (object, key, value);

  /* The form holds card data: wipe the decoded copy of the body. */
  explicit_bzero (text, length);

  return object;
}

static JsonObject *
parse_json (GBytes        *body,
            RejiSimError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      *error = reji_sim_error_new (400, "bad_request", NULL,
                                   _("The request body is not valid JSON: %s"),
                                   parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *error = reji_sim_error_new (400, "bad_request", NULL,
                                   _("The request body must be a JSON object."));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * reji_sim_parse_body:
 * @message: a POST request
 * @error: (out): the error answer when the body cannot be read
 *
 * Reads the request body, which KOMOJU takes as JSON
 * (`application/json`) or as a form (`application/x-www-form-urlencoded`,
 * the encoding of KOMOJU's curl examples). An empty body gives an empty
 * object.
 *
 * Returns: (transfer full): the parameters, or %NULL on error
 */
JsonObject *
reji_sim_parse_body (SoupServerMessage  *message,
                     RejiSimError      **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  if (g_bytes_get_size (body) == 0)
    return json_object_new ();

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") == 0)
    return parse_json (body, error);

  if (content_type == NULL
      || g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0)
    return parse_form (body);

  *error = reji_sim_error_new (400, "bad_request", NULL,
                               _("The content type “%s” is not supported. Send JSON or a form."),
                               content_type);
  return NULL;
}

static char *
param_name (const char *prefix,
            const char *name)
{
  if (prefix == NULL)
    return g_strdup (name);

  return g_strdup_printf ("%s[%s]", prefix, name);
}

static RejiSimError *
missing_error (const char *prefix,
               const char *name)
{
  g_autofree char *param = param_name (prefix, name);

  /* Translators: %s is the name of a request parameter, such as “amount”. */
  return reji_sim_error_new (422, "missing_parameter", param,
                             _("The parameter %s is missing."), param);
}

static RejiSimError *
invalid_error (const char *prefix,
               const char *name)
{
  g_autofree char *param = param_name (prefix, name);

  /* Translators: %s is the name of a request parameter, such as “amount”. */
  return reji_sim_error_new (422, "invalid_parameter", param,
                             _("The parameter %s is invalid."), param);
}

/* Returns the member @name of @object, or NULL when it is absent or null. */
static JsonNode *
lookup_value (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

gboolean
reji_sim_param_get_string (JsonObject    *object,
                           const char    *prefix,
                           const char    *name,
                           gboolean       required,
                           const char   **out_value,
                           RejiSimError **error)
{
  JsonNode *node = lookup_value (object, name);

  *out_value = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_VALUE (node)
                       && json_node_get_value_type (node) == G_TYPE_STRING
                       && *json_node_get_string (node) == '\0'))
    {
      if (!required)
        return TRUE;

      *error = missing_error (prefix, name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *error = invalid_error (prefix, name);
      return FALSE;
    }

  *out_value = json_node_get_string (node);
  return TRUE;
}

/* Reads a whole number written as ASCII digits, as form fields carry it. */
static gboolean
parse_digits (const char *text,
              gint64     *out_value)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  /* g_ascii_string_to_unsigned() takes a leading "+" too. */
  if (!g_ascii_isdigit (text[0]))
    return FALSE;

  *out_value = (gint64) value;
  return TRUE;
}

static gboolean
node_get_integer (JsonNode *node,
                  gint64   *out_value)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out_value = json_node_get_int (node);
      return TRUE;
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return parse_digits (json_node_get_string (node), out_value);

  return FALSE;
}

/**
 * reji_sim_param_get_integer:
 * @object: the parameters
 * @prefix: (nullable): the name of the object parameter that holds
 *   @object, for the `param` of an error
 * @name: the member to read
 * @required: whether a missing member is an error
 * @minimum: the smallest valid value
 * @maximum: the largest valid value
 * @out_present: (out) (optional): whether the member is present
 * @out_value: (out): the value, untouched when the member is absent
 * @error: (out): the error answer
 *
 * Reads an integer parameter given as a JSON number or as a string of
 * digits (KOMOJU takes both).
 */
gboolean
reji_sim_param_get_integer (JsonObject    *object,
                            const char    *prefix,
                            const char    *name,
                            gboolean       required,
                            gint64         minimum,
                            gint64         maximum,
                            gboolean      *out_present,
                            gint64        *out_value,
                            RejiSimError **error)
{
  JsonNode *node = lookup_value (object, name);
  gint64 value = 0;

  if (out_present != NULL)
    *out_present = node != NULL;

  if (node == NULL || (JSON_NODE_HOLDS_VALUE (node)
                       && json_node_get_value_type (node) == G_TYPE_STRING
                       && *json_node_get_string (node) == '\0'))
    {
      if (out_present != NULL)
        *out_present = FALSE;
      if (!required)
        return TRUE;

      *error = missing_error (prefix, name);
      return FALSE;
    }

  if (!node_get_integer (node, &value) || value < minimum || value > maximum)
    {
      *error = invalid_error (prefix, name);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/**
 * reji_sim_param_get_boolean:
 * @object: the parameters
 * @name: the member to read
 * @default_value: the value when the member is absent
 * @out_value: (out): the value
 * @error: (out): the error answer
 *
 * Reads a boolean given as JSON `true`/`false` or as the strings "true"
 * and "false" of a form.
 */
gboolean
reji_sim_param_get_boolean (JsonObject    *object,
                            const char    *name,
                            gboolean       default_value,
                            gboolean      *out_value,
                            RejiSimError **error)
{
  JsonNode *node = lookup_value (object, name);

  *out_value = default_value;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out_value = json_node_get_boolean (node);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (g_str_equal (text, "true") || g_str_equal (text, "false"))
        {
          *out_value = g_str_equal (text, "true");
          return TRUE;
        }
    }

  *error = invalid_error (NULL, name);
  return FALSE;
}
