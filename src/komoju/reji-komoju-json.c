/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-komoju-json.h"

/* Request bodies */

/* The free function of a request body: the serialised secure-token body
 * contains the card number and security code, so the buffer is zeroed
 * before it goes back to the allocator. Generated JSON never contains a
 * NUL byte (json-glib escapes it), so strlen() covers the whole body. */
static void
wipe_and_free (gpointer data)
{
  explicit_bzero (data, strlen (data));
  g_free (data);
}

/* Serialises the builder's root into a GBytes that owns a private buffer
 * and wipes it when its last reference goes. */
static GBytes *
serialise_builder (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *data;
  gsize length;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_with_free_func (data, length, wipe_and_free, data);
}

/**
 * reji_komoju_json_build_secure_token_body:
 * @request: the card and amount
 *
 * Builds the JSON body of `POST /secure_tokens`. `name` and `email` are
 * left out when NULL.
 *
 * NOTE: only the returned buffer is wiped. json-glib's own copies of the
 * card number (the builder's nodes and the generator's growing string) are
 * freed without being zeroed.
 *
 * Returns: (transfer full): the body, which wipes itself when freed
 */
GBytes *
reji_komoju_json_build_secure_token_body (const RejiSecureTokenRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, request->amount);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, request->currency);
  json_builder_set_member_name (builder, "return_url");
  json_builder_add_string_value (builder, request->return_url);

  json_builder_set_member_name (builder, "payment_details");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "credit_card");
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, request->number);
  json_builder_set_member_name (builder, "month");
  json_builder_add_int_value (builder, request->month);
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, request->year);
  json_builder_set_member_name (builder, "verification_value");
  json_builder_add_string_value (builder, request->security_code);
  if (request->name != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, request->name);
    }
  if (request->email != NULL)
    {
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, request->email);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return serialise_builder (builder);
}

/**
 * reji_komoju_json_build_payment_body:
 * @token_id: the id of a verified secure token
 * @amount: the amount in the currency's smallest unit
 * @currency: the ISO 4217 code, equal to the token's
 * @external_order_num: (nullable): the sale's own id, left out when NULL
 *
 * Builds the JSON body of `POST /payments`. `tax` is always 0: KOMOJU adds
 * Japanese consumption tax on top of `amount` when `tax` is left out.
 *
 * Returns: (transfer full): the body
 */
GBytes *
reji_komoju_json_build_payment_body (const char *token_id,
                                     gint64      amount,
                                     const char *currency,
                                     const char *external_order_num)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, amount);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, currency);
  json_builder_set_member_name (builder, "payment_details");
  json_builder_add_string_value (builder, token_id);
  json_builder_set_member_name (builder, "tax");
  json_builder_add_int_value (builder, 0);
  if (external_order_num != NULL)
    {
      json_builder_set_member_name (builder, "external_order_num");
      json_builder_add_string_value (builder, external_order_num);
    }
  json_builder_end_object (builder);

  return serialise_builder (builder);
}

/* Member access with type checks */

static void
set_wrong_member_error (GError     **error,
                        const char  *name)
{
  g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
               /* Translators: %s is the name of a JSON member, such as "amount". */
               _("Invalid response from KOMOJU: member “%s” is missing or has the wrong type"),
               name);
}

static void
set_unknown_value_error (GError     **error,
                         const char  *name,
                         const char  *value)
{
  g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
               /* Translators: the first %s is the name of a JSON member, such as
                * "status"; the second is the value KOMOJU sent. */
               _("Invalid response from KOMOJU: member “%s” has the unknown value “%s”"),
               name, value);
}

/* Reads a string member into @out. A missing or null member is an error
 * when @required, otherwise it gives NULL; any other type is an error.
 * A required member must also be non-empty. */
static gboolean
get_string_member (JsonObject  *object,
                   const char  *name,
                   gboolean     required,
                   const char **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          set_wrong_member_error (error, name);
          return FALSE;
        }
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_wrong_member_error (error, name);
      return FALSE;
    }

  *out = json_node_get_string (node);
  if (required && **out == '\0')
    {
      set_wrong_member_error (error, name);
      return FALSE;
    }

  return TRUE;
}

/* Reads an optional ISO 8601 date and time; one without a UTC offset is
 * taken as UTC. */
static gboolean
get_date_time_member (JsonObject  *object,
                      const char  *name,
                      GDateTime  **out,
                      GError     **error)
{
  g_autoptr(GTimeZone) utc = NULL;
  const char *text;

  *out = NULL;

  if (!get_string_member (object, name, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  utc = g_time_zone_new_utc ();
  *out = g_date_time_new_from_iso8601 (text, utc);
  if (*out == NULL)
    {
      g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the name of a JSON member, such as "created_at". */
                   _("Invalid response from KOMOJU: member “%s” is not an ISO 8601 date and time"),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* Reads a required integer. json-glib hands out 1000.0 as a double, so an
 * integral double that fits in gint64 is accepted too; strings, booleans
 * and fractions are not. */
static gboolean
get_integer_member (JsonObject  *object,
                    const char  *name,
                    gint64      *out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType value_type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      set_wrong_member_error (error, name);
      return FALSE;
    }

  value_type = json_node_get_value_type (node);
  if (value_type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (value_type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* The range check comes first: casting an out-of-range double to an
       * integer is undefined. -2^63 is exact; 2^63 is just outside. */
      if (value >= -9223372036854775808.0 && value < 9223372036854775808.0
          && value == (double) (gint64) value)
        {
          *out = (gint64) value;
          return TRUE;
        }
    }

  set_wrong_member_error (error, name);
  return FALSE;
}

/* Parsing */

/**
 * reji_komoju_json_parse_object:
 * @body: (nullable): a response body
 * @error: return location for a %REJI_KOMOJU_ERROR_INVALID_RESPONSE error
 *
 * Returns: (transfer full) (nullable): the body's root object, or NULL when
 *   the body is not valid JSON or its root is not an object
 */
JsonObject *
reji_komoju_json_parse_object (GBytes  *body,
                               GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  const char *data = NULL;
  gsize size = 0;
  JsonNode *root;

  if (body != NULL)
    data = g_bytes_get_data (body, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, size, &parse_error))
    {
      g_set_error (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the JSON parser's own error message. */
                   _("Invalid response from KOMOJU: the body is not valid JSON (%s)"),
                   parse_error != NULL ? parse_error->message : _("empty body"));
      return NULL;
    }

  /* A body of white space only loads without error and has no root. */
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE,
                           _("Invalid response from KOMOJU: the body is not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * reji_komoju_json_parse_api_error:
 * @http_status: the status of the response
 * @body: (nullable): the response body
 *
 * Reads KOMOJU's error body, `{"error": {"code", "message", "param"}}`.
 * `code` and `message` must be strings; a `param` that is not a string is
 * taken as absent, and other members (`details`, …) are ignored.
 *
 * Returns: (transfer full) (nullable): a %REJI_KOMOJU_ERROR_API error, or
 *   NULL when @body is not in that shape
 */
GError *
reji_komoju_json_parse_api_error (guint   http_status,
                                  GBytes *body)
{
  g_autoptr(JsonObject) root = reji_komoju_json_parse_object (body, NULL);
  JsonObject *error_object;
  const char *code;
  const char *message;
  const char *param;

  if (root == NULL)
    return NULL;

  if (!json_object_has_member (root, "error")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error")))
    return NULL;
  error_object = json_object_get_object_member (root, "error");

  if (!get_string_member (error_object, "code", TRUE, &code, NULL)
      || !get_string_member (error_object, "message", TRUE, &message, NULL))
    return NULL;
  if (!get_string_member (error_object, "param", FALSE, &param, NULL))
    param = NULL;

  return reji_komoju_error_new_api (http_status, code, message, param);
}

/* KOMOJU's documented sample response to `POST /secure_tokens` names the id
 * `secure_token`, while its reference and SDKs name it `id`: take `id`,
 * and `secure_token` only when `id` is absent or null. */
static gboolean
get_secure_token_id (JsonObject  *object,
                     const char **out,
                     GError     **error)
{
  JsonNode *id_node = json_object_get_member (object, "id");

  if (id_node == NULL || JSON_NODE_HOLDS_NULL (id_node))
    {
      if (json_object_has_member (object, "secure_token"))
        return get_string_member (object, "secure_token", TRUE, out, error);
    }

  return get_string_member (object, "id", TRUE, out, error);
}

/**
 * reji_komoju_json_parse_secure_token:
 * @object: the root object of a secure-token response
 * @error: return location for a %REJI_KOMOJU_ERROR_INVALID_RESPONSE error
 *
 * Returns: (transfer full) (nullable): the token, or NULL when a required
 *   member is missing, has the wrong type or an unknown value
 */
RejiSecureToken *
reji_komoju_json_parse_secure_token (JsonObject  *object,
                                     GError     **error)
{
  g_autoptr(RejiSecureToken) token = reji_secure_token_new ();
  const char *id;
  const char *status_text;
  const char *authentication_url;

  if (!get_secure_token_id (object, &id, error))
    return NULL;

  if (!get_string_member (object, "verification_status", TRUE, &status_text, error))
    return NULL;
  if (!reji_verification_status_from_string (status_text, &token->verification_status))
    {
      set_unknown_value_error (error, "verification_status", status_text);
      return NULL;
    }

  if (!get_string_member (object, "authentication_url", FALSE, &authentication_url, error))
    return NULL;

  if (!get_date_time_member (object, "created_at", &token->created_at, error))
    return NULL;

  token->id = g_strdup (id);
  token->authentication_url = g_strdup (authentication_url);

  return g_steal_pointer (&token);
}

/* Reads the card's brand and last four digits from `payment_details`,
 * which may be absent or null. */
static gboolean
parse_payment_details (JsonObject   *object,
                       RejiPayment  *payment,
                       GError      **error)
{
  JsonNode *node = json_object_get_member (object, "payment_details");
  JsonObject *details;
  const char *brand;
  const char *last_four_digits;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_wrong_member_error (error, "payment_details");
      return FALSE;
    }
  details = json_node_get_object (node);

  if (!get_string_member (details, "brand", FALSE, &brand, error)
      || !get_string_member (details, "last_four_digits", FALSE, &last_four_digits, error))
    return FALSE;

  payment->brand = g_strdup (brand);
  payment->last_four_digits = g_strdup (last_four_digits);

  return TRUE;
}

/**
 * reji_komoju_json_parse_payment:
 * @object: the root object of a payment response
 * @error: return location for a %REJI_KOMOJU_ERROR_INVALID_RESPONSE error
 *
 * Returns: (transfer full) (nullable): the payment, or NULL when a required
 *   member is missing, has the wrong type or an unknown value
 */
RejiPayment *
reji_komoju_json_parse_payment (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(RejiPayment) payment = reji_payment_new ();
  const char *id;
  const char *status_text;
  const char *currency;
  const char *external_order_num;

  if (!get_string_member (object, "id", TRUE, &id, error))
    return NULL;

  if (!get_string_member (object, "status", TRUE, &status_text, error))
    return NULL;
  if (!reji_payment_status_from_string (status_text, &payment->status))
    {
      set_unknown_value_error (error, "status", status_text);
      return NULL;
    }

  if (!get_integer_member (object, "amount", &payment->amount, error))
    return NULL;

  if (!get_string_member (object, "currency", TRUE, &currency, error))
    return NULL;

  if (!parse_payment_details (object, payment, error))
    return NULL;

  if (!get_date_time_member (object, "captured_at", &payment->captured_at, error))
    return NULL;

  if (!get_string_member (object, "external_order_num", FALSE, &external_order_num, error))
    return NULL;

  payment->id = g_strdup (id);
  payment->currency = g_strdup (currency);
  payment->external_order_num = g_strdup (external_order_num);

  return g_steal_pointer (&payment);
}

/**
 * reji_komoju_json_find_payment_in_list:
 * @object: the root object of a `GET /payments` response
 * @external_order_num: the order number to look for
 * @out_payment: (out) (transfer full) (nullable): the first payment in
 *   `data` whose `external_order_num` is @external_order_num, or NULL
 * @error: return location for a %REJI_KOMOJU_ERROR_INVALID_RESPONSE error
 *
 * Reads KOMOJU's list shape, `{"resource": "list", "data": [payments…],
 * …}`. Every listed payment must be valid, matching or not: a list with a
 * broken entry is not trusted at all.
 *
 * Returns: TRUE when @object is a valid list, whether or not a payment
 *   matched
 */
gboolean
reji_komoju_json_find_payment_in_list (JsonObject   *object,
                                       const char   *external_order_num,
                                       RejiPayment **out_payment,
                                       GError      **error)
{
  g_autoptr(RejiPayment) found = NULL;
  const char *resource;
  JsonNode *data_node;
  JsonArray *data;

  *out_payment = NULL;

  if (!get_string_member (object, "resource", TRUE, &resource, error))
    return FALSE;
  if (!g_str_equal (resource, "list"))
    {
      set_unknown_value_error (error, "resource", resource);
      return FALSE;
    }

  data_node = json_object_get_member (object, "data");
  if (data_node == NULL || !JSON_NODE_HOLDS_ARRAY (data_node))
    {
      set_wrong_member_error (error, "data");
      return FALSE;
    }
  data = json_node_get_array (data_node);

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *element = json_array_get_element (data, i);
      g_autoptr(RejiPayment) payment = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_wrong_member_error (error, "data");
          return FALSE;
        }

      payment = reji_komoju_json_parse_payment (json_node_get_object (element), error);
      if (payment == NULL)
        return FALSE;

      if (found == NULL && g_strcmp0 (payment->external_order_num, external_order_num) == 0)
        found = g_steal_pointer (&payment);
    }

  *out_payment = g_steal_pointer (&found);
  return TRUE;
}
