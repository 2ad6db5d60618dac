/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A KOMOJU simulator: a SoupServer that serves the part of KOMOJU's API
 * that Reji uses, with KOMOJU's JSON shapes and error format, and serves a
 * simulated 3-D Secure page for each secure token.
 *
 * Every /api/v1 route takes HTTP Basic authentication with a secret key as
 * the user name, as KOMOJU does. The simulator takes any key that starts
 * with "sk_" (KOMOJU's test keys start "sk_test_", and its curl examples
 * use placeholders such as "sk_12345"), and rejects a missing key, a
 * publishable or other key, and any live key ("sk_live_…"): a live key
 * must never be sent to a simulator. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reji-sim-api.h"
#include "reji-sim-control.h"
#include "reji-sim-faults.h"
#include "reji-sim-http.h"
#include "reji-sim-idempotency.h"
#include "reji-sim-ledger.h"
#include "reji-sim-origin.h"
#include "reji-sim-page.h"
#include "reji-sim-routes.h"
#include "reji-sim-scenario.h"
#include "reji-simulator.h"

#define API_PREFIX "/api/v1"
#define RETURN_PATH "/simulator/return"
#define LEDGER_PATH "/simulator/ledger"
#define IDEMPOTENCY_HEADER "X-KOMOJU-IDEMPOTENCY"
#define SCENARIO_HEADER "Komoju-Scenario"

struct _RejiSimulator
{
  GObject              parent_instance;

  SoupServer          *server;
  RejiSimLedger       *ledger;
  RejiSimIdempotency  *idempotency;
  RejiSimScenarios    *scenarios;
  /* "METHOD PATH" → the number of requests, as GUINT_TO_POINTER. */
  GHashTable          *request_counts;
  /* ApiRequest */
  GPtrArray           *held_requests;
  /* GSource of the scheduled token flips. */
  GPtrArray           *flip_sources;
  /* "http://HOST:PORT" while listening, NULL otherwise; the loopback
   * address when listening on a wildcard address. */
  char                *origin;
  /* The address and port listened on, while listening. */
  GInetAddress        *address;
  guint                port;
};

G_DEFINE_FINAL_TYPE (RejiSimulator, reji_simulator, G_TYPE_OBJECT)

/* A scheduled flip of a token's verification status. */
typedef struct
{
  RejiSimulator *simulator;
  char          *token_id;
  const char    *status;
} FlipData;

static void
respond_not_found (SoupServerMessage *message)
{
  g_autoptr(RejiSimError) error =
    reji_sim_error_new (404, "not_found", NULL, _("The requested resource does not exist."));

  reji_sim_respond_error (message, error);
}

static void
respond_method_not_allowed (SoupServerMessage *message,
                            const char        *allowed)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autoptr(RejiSimError) error =
    /* Translators: %s is an HTTP method, such as “GET”. */
    reji_sim_error_new (405, "bad_request", NULL, _("The method %s is not allowed here."),
                        soup_server_message_get_method (message));

  soup_message_headers_replace (headers, "Allow", allowed);
  reji_sim_respond_error (message, error);
}

/* Finds the API key in a Basic Authorization header. KOMOJU's clients send
 * base64("KEY:"), and its mobile SDK sends base64("KEY") with no colon. */
static char *
dup_api_key (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *encoded = NULL;
  g_autofree guchar *decoded = NULL;
  gsize length = 0;
  char *key;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Basic ", 6) != 0)
    return NULL;

  encoded = g_strstrip (g_strdup (authorization + 6));
  decoded = g_base64_decode (encoded, &length);
  key = g_strndup ((const char *) decoded, length);
  key[strcspn (key, ":")] = '\0';
  explicit_bzero (decoded, length);

  return key;
}

static RejiSimError *
check_authorization (SoupServerMessage *message)
{
  g_autofree char *key = dup_api_key (message);
  RejiSimError *error = NULL;

  if (key == NULL || *key == '\0')
    error = reji_sim_error_new (401, "unauthorized", NULL,
                                _("The API key is missing. Send it as the HTTP Basic user name."));
  else if (g_str_has_prefix (key, "sk_live_"))
    error = reji_sim_error_new (401, "unauthorized", NULL,
                                _("A live API key was sent to the KOMOJU simulator. Use a test secret key (sk_test_…)."));
  else if (!g_str_has_prefix (key, "sk_"))
    error = reji_sim_error_new (401, "unauthorized", NULL,
                                _("The API key is not a secret key. Use a test secret key (sk_test_…)."));

  if (key != NULL)
    explicit_bzero (key, strlen (key));

  if (error != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                  "WWW-Authenticate", "Basic realm=\"KOMOJU simulator\"");
  return error;
}

/* One API request on its way through scenarios, idempotency and the
 * route. A delayed request, or one that never gets its response, waits in
 * `held_requests`. */
typedef struct
{
  RejiSimulator     *simulator;
  SoupServerMessage *message;
  /* The path after "/api/v1". */
  char              *path;
  GHashTable        *query;
  RejiSimOperation   operation;
  /* The id in the path, such as the payment of ".../cancel". */
  char              *resource_id;
  char              *idempotency_key;
  gboolean           has_scenario;
  RejiSimScenario    scenario;
  guint              scenario_id;
  GSource           *delay_source;
  gulong             finished_handler;
  /* Whether the server is done with the message because the response was
   * sent or the connection closed. */
  gboolean           finished;
} ApiRequest;

static void
api_request_free (ApiRequest *request)
{
  if (request->delay_source != NULL)
    {
      g_source_destroy (request->delay_source);
      g_source_unref (request->delay_source);
    }
  g_clear_signal_handler (&request->finished_handler, request->message);
  g_object_unref (request->message);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request->path);
  g_free (request->resource_id);
  g_free (request->idempotency_key);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApiRequest, api_request_free)

static ApiRequest *
api_request_new (RejiSimulator     *self,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query)
{
  ApiRequest *request = g_new0 (ApiRequest, 1);

  request->simulator = self;
  request->message = g_object_ref (message);
  request->path = g_strdup (path);
  request->query = query != NULL ? g_hash_table_ref (query) : NULL;
  reji_sim_route_match (path, soup_server_message_get_method (message), &request->operation,
                        &request->resource_id, NULL);

  return request;
}

/* Returns the string member @name of @object, or NULL when it is absent
 * or not a string. */
static const char *
lookup_string_member (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Reads the card number of a `POST /secure_tokens` body, or NULL. The
 * caller wipes and frees it. */
static char *
dup_request_card_number (SoupServerMessage *message)
{
  g_autoptr(RejiSimError) error = NULL;
  g_autoptr(JsonObject) params = reji_sim_parse_body (message, &error);
  JsonNode *details;
  const char *number;

  if (params == NULL)
    return NULL;

  details = json_object_get_member (params, "payment_details");
  if (details == NULL || !JSON_NODE_HOLDS_OBJECT (details))
    return NULL;

  number = lookup_string_member (json_node_get_object (details), "number");
  if (number == NULL || !reji_sim_card_number_valid (number))
    return NULL;

  return g_strdup (number);
}

static void
free_card_number (char *number)
{
  if (number == NULL)
    return;

  explicit_bzero (number, strlen (number));
  g_free (number);
}

/* Finds the secure token that a request concerns: the one in the path,
 * the one a charge names, or the one a payment came from. */
static RejiSimToken *
find_request_token (RejiSimulator *self,
                    ApiRequest    *request)
{
  g_autoptr(RejiSimError) error = NULL;
  g_autoptr(JsonObject) params = NULL;
  RejiSimPayment *payment;
  const char *token_id;

  switch (request->operation)
    {
    case REJI_SIM_OPERATION_SHOW_TOKEN:
      return reji_sim_ledger_lookup_token (self->ledger, request->resource_id);
    case REJI_SIM_OPERATION_CREATE_PAYMENT:
      params = reji_sim_parse_body (request->message, &error);
      token_id = params != NULL ? lookup_string_member (params, "payment_details") : NULL;
      return token_id != NULL ? reji_sim_ledger_lookup_token (self->ledger, token_id) : NULL;
    case REJI_SIM_OPERATION_SHOW_PAYMENT:
    case REJI_SIM_OPERATION_CANCEL_PAYMENT:
    case REJI_SIM_OPERATION_REFUND_PAYMENT:
      payment = reji_sim_ledger_lookup_payment (self->ledger, request->resource_id);
      return payment != NULL ? reji_sim_ledger_lookup_token (self->ledger, payment->token_id) : NULL;
    case REJI_SIM_OPERATION_CREATE_TOKEN:
    case REJI_SIM_OPERATION_LIST_PAYMENTS:
    case REJI_SIM_OPERATION_OTHER:
    default:
      return NULL;
    }
}

/* Finds the scenario of one of the simulator's fault cards. Their token
 * faults hit the token request and their other faults hit the charge. */
static gboolean
lookup_fault_card (const RejiSimCard *card,
                   RejiSimOperation   operation,
                   RejiSimScenario   *out_scenario)
{
  RejiSimScenario scenario = { 0 };
  gboolean token_fault;

  if (card->scenario == NULL || !reji_sim_scenario_parse_fault (card->scenario, &scenario, NULL))
    return FALSE;

  token_fault = scenario.fault == REJI_SIM_FAULT_NEEDS_VERIFY_FOREVER
                || scenario.fault == REJI_SIM_FAULT_FLIP;
  if (operation != (token_fault ? REJI_SIM_OPERATION_CREATE_TOKEN : REJI_SIM_OPERATION_CREATE_PAYMENT))
    return FALSE;

  *out_scenario = scenario;
  return TRUE;
}

static gboolean
lookup_card_scenario (RejiSimulator *self,
                      ApiRequest    *request)
{
  char *number = NULL;
  RejiSimToken *token = NULL;
  RejiSimCard card = { 0 };
  gboolean found;

  if (request->operation == REJI_SIM_OPERATION_CREATE_TOKEN)
    number = dup_request_card_number (request->message);
  else
    token = find_request_token (self, request);

  found = reji_sim_scenarios_lookup (self->scenarios, request->operation, number, token,
                                     &request->scenario, &request->scenario_id);
  if (!found && number != NULL)
    {
      reji_sim_card_classify (number, &card);
      found = lookup_fault_card (&card, request->operation, &request->scenario);
    }
  else if (!found && token != NULL)
    {
      found = lookup_fault_card (&token->card, request->operation, &request->scenario);
    }

  free_card_number (number);
  return found;
}

/* Finds the scenario of @request: from its `Komoju-Scenario` header, else
 * from the scenarios set for its card or for every card, else from a fault
 * card. Fails for a header that names no scenario. */
static gboolean
resolve_scenario (RejiSimulator  *self,
                  ApiRequest     *request,
                  RejiSimError  **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->message);
  const char *header = soup_message_headers_get_one (headers, SCENARIO_HEADER);

  if (header != NULL)
    {
      if (!reji_sim_scenario_parse_fault (header, &request->scenario, NULL))
        {
          *error = reji_sim_error_new (422, "invalid_parameter", SCENARIO_HEADER,
                                       _("The Komoju-Scenario header must be a KOMOJU error code or a simulator scenario."));
          return FALSE;
        }

      request->has_scenario = reji_sim_scenario_applies (&request->scenario, request->operation);
      return TRUE;
    }

  request->has_scenario = lookup_card_scenario (self, request);
  return TRUE;
}

static void
log_scenario (ApiRequest *request)
{
  g_autofree char *spec = reji_sim_scenario_dup_spec (&request->scenario);

  g_message ("Scenario %s on %s %s", spec, soup_server_message_get_method (request->message),
             request->path);
}

static gboolean
flip_token_cb (gpointer user_data)
{
  FlipData *flip = user_data;
  RejiSimToken *token = reji_sim_ledger_lookup_token (flip->simulator->ledger, flip->token_id);

  if (token != NULL && g_str_equal (token->status, REJI_SIM_TOKEN_NEEDS_VERIFY))
    {
      reji_sim_token_set_status (token, flip->status);
      g_debug ("Secure token %s flipped to %s", token->id, token->status);
    }

  return G_SOURCE_REMOVE;
}

static void
flip_data_free (FlipData *flip)
{
  g_free (flip->token_id);
  g_free (flip);
}

static const char *
token_status_constant (const char *status)
{
  if (g_str_equal (status, REJI_SIM_TOKEN_OK))
    return REJI_SIM_TOKEN_OK;
  if (g_str_equal (status, REJI_SIM_TOKEN_ERRORED))
    return REJI_SIM_TOKEN_ERRORED;
  return REJI_SIM_TOKEN_SKIPPED;
}

/* Applies a token scenario to the token that @request has just made, and
 * ties the token to the scenarios for its whole card number. */
static void
finish_token (RejiSimulator *self,
              ApiRequest    *request,
              RejiSimToken  *token)
{
  char *number = dup_request_card_number (request->message);
  FlipData *flip;
  GSource *source;

  if (number != NULL)
    reji_sim_scenarios_bind_token (self->scenarios, number, token->id);
  free_card_number (number);

  if (!request->has_scenario)
    return;

  if (request->scenario.fault == REJI_SIM_FAULT_NEEDS_VERIFY_FOREVER)
    token->verification_stuck = TRUE;

  if (request->scenario.fault != REJI_SIM_FAULT_FLIP)
    return;

  flip = g_new0 (FlipData, 1);
  flip->simulator = self;
  flip->token_id = g_strdup (token->id);
  flip->status = token_status_constant (request->scenario.code);
  source = g_timeout_source_new_seconds (request->scenario.value);
  g_source_set_callback (source, flip_token_cb, flip, (GDestroyNotify) flip_data_free);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_ptr_array_add (self->flip_sources, source);
}
/* The origin of the authentication URLs for the client of @message. */
static char *
dup_request_origin (RejiSimulator     *self,
                    SoupServerMessage *message)
{
  if (self->address == NULL)
    return g_strdup (self->origin);

  return reji_sim_origin_format (self->address, self->port, soup_server_message_get_uri (message));
}

static void
route_api (RejiSimulator *self,
           ApiRequest    *request)
{
  SoupServerMessage *message = request->message;
  const char *decline_code = NULL;
  g_autoptr(GString) allowed = NULL;
  g_autofree char *origin = dup_request_origin (self, message);
  RejiSimToken *token;

  if (request->has_scenario && request->scenario.fault == REJI_SIM_FAULT_DECLINE)
    decline_code = request->scenario.code;

  switch (request->operation)
    {
    case REJI_SIM_OPERATION_CREATE_TOKEN:
      token = reji_sim_api_create_token (self->ledger, message, origin);
      if (token != NULL)
        finish_token (self, request, token);
      break;
    case REJI_SIM_OPERATION_SHOW_TOKEN:
      reji_sim_api_show_token (self->ledger, message, origin, request->resource_id);
      break;
    case REJI_SIM_OPERATION_CREATE_PAYMENT:
      reji_sim_api_create_payment (self->ledger, message, decline_code);
      break;
    case REJI_SIM_OPERATION_LIST_PAYMENTS:
      reji_sim_api_list_payments (self->ledger, message, request->query);
      break;
    case REJI_SIM_OPERATION_SHOW_PAYMENT:
      reji_sim_api_show_payment (self->ledger, message, request->resource_id);
      break;
    case REJI_SIM_OPERATION_CANCEL_PAYMENT:
      reji_sim_api_cancel_payment (self->ledger, message, request->resource_id);
      break;
    case REJI_SIM_OPERATION_REFUND_PAYMENT:
      reji_sim_api_refund_payment (self->ledger, message, request->resource_id);
      break;
    case REJI_SIM_OPERATION_OTHER:
    default:
      allowed = g_string_new (NULL);
      if (reji_sim_route_match (request->path, NULL, NULL, NULL, allowed))
        respond_method_not_allowed (message, allowed->str);
      else
        respond_not_found (message);
      break;
    }
}


static void
message_finished_cb (SoupServerMessage *message,
                     gpointer           user_data)
{
  ApiRequest *request = user_data;

  request->finished = TRUE;
}

/* Keeps @request in `held_requests` with its message paused. */
static void
hold_request (RejiSimulator *self,
              ApiRequest    *request)
{
  soup_server_message_pause (request->message);
  request->finished_handler = g_signal_connect (request->message, "finished",
                                                G_CALLBACK (message_finished_cb), request);
  g_ptr_array_add (self->held_requests, request);
}

static void
apply_response_fault (RejiSimulator *self,
                      ApiRequest    *request,
                      gboolean       held)
{
  RejiSimFault fault = request->scenario.fault;

  if (request->has_scenario && fault == REJI_SIM_FAULT_CHARGE_NEVER_ANSWERS)
    {
      /* The message stays paused until the simulator shuts down. */
      if (!held)
        hold_request (self, request);
      return;
    }

  if (request->has_scenario && fault == REJI_SIM_FAULT_DROP_AFTER)
    reji_sim_fault_close_connection (request->message);
  else if (request->has_scenario && fault == REJI_SIM_FAULT_MALFORMED_JSON)
    reji_sim_fault_malform_body (request->message);
  else if (request->has_scenario && fault == REJI_SIM_FAULT_TRUNCATED_JSON)
    reji_sim_fault_truncate_body (request->message);

  if (held)
    {
      soup_server_message_unpause (request->message);
      g_ptr_array_remove_fast (self->held_requests, request);
    }
  else
    {
      api_request_free (request);
    }
}

/* Handles @request (consumed) and sends its response, unless a scenario
 * drops, garbles or pauses it. */
static void
finish_request (RejiSimulator *self,
                ApiRequest    *request,
                gboolean       held)
{
  route_api (self, request);

  if (request->idempotency_key != NULL)
    reji_sim_idempotency_store (self->idempotency, request->message,
                                g_uri_get_path (soup_server_message_get_uri (request->message)),
                                request->idempotency_key);

  /* A client that went away during a delay gets no response, but its
   * request was handled all the same, as on a real server. */
  if (request->finished)
    {
      g_debug ("%s %s handled after its client went away",
               soup_server_message_get_method (request->message), request->path);
      g_ptr_array_remove_fast (self->held_requests, request);
      return;
    }

  apply_response_fault (self, request, held);
}

static gboolean
delay_done_cb (gpointer user_data)
{
  ApiRequest *request = user_data;

  g_clear_pointer (&request->delay_source, g_source_unref);
  finish_request (request->simulator, request, TRUE);
  return G_SOURCE_REMOVE;
}

static void
delay_request (RejiSimulator *self,
               ApiRequest    *request)
{
  request->delay_source = g_timeout_source_new (request->scenario.value);
  g_source_set_callback (request->delay_source, delay_done_cb, request, NULL);
  g_source_attach (request->delay_source, g_main_context_get_thread_default ());
  hold_request (self, request);
}

static void
count_request (RejiSimulator *self,
               const char    *method,
               const char    *path)
{
  g_autofree char *key = g_strconcat (method, " ", path, NULL);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key));

  g_hash_table_insert (self->request_counts, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
}

/* Applies the faults that stop a request before it is handled. */
static gboolean
apply_request_fault (ApiRequest *request)
{
  if (!request->has_scenario)
    return FALSE;

  if (request->scenario.fault == REJI_SIM_FAULT_DROP_BEFORE)
    {
      reji_sim_fault_close_connection (request->message);
      return TRUE;
    }

  if (request->scenario.fault == REJI_SIM_FAULT_STATUS)
    {
      reji_sim_fault_respond_status (request->message, request->scenario.value);
      return TRUE;
    }

  return FALSE;
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  RejiSimulator *self = REJI_SIMULATOR (user_data);
  const char *method = soup_server_message_get_method (message);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *idempotency_key = soup_message_headers_get_one (headers, IDEMPOTENCY_HEADER);
  g_autoptr(RejiSimError) error = check_authorization (message);
  g_autoptr(ApiRequest) request = NULL;

  if (error != NULL)
    {
      reji_sim_respond_error (message, error);
      return;
    }

  count_request (self, method, path + strlen (API_PREFIX));
  request = api_request_new (self, message, path + strlen (API_PREFIX), query);
  if (!resolve_scenario (self, request, &error))
    {
      reji_sim_respond_error (message, error);
      return;
    }

  if (request->has_scenario)
    log_scenario (request);
  if (apply_request_fault (request))
    {
      reji_sim_scenarios_use (self->scenarios, request->scenario_id);
      return;
    }

  /* KOMOJU honours idempotency keys on POST requests only. */
  if (idempotency_key != NULL && g_str_equal (method, SOUP_METHOD_POST))
    {
      if (reji_sim_idempotency_begin (self->idempotency, message, path, idempotency_key))
        return;
      request->idempotency_key = g_strdup (idempotency_key);
    }

  if (request->has_scenario)
    reji_sim_scenarios_use (self->scenarios, request->scenario_id);

  if (request->has_scenario && request->scenario.fault == REJI_SIM_FAULT_DELAY)
    delay_request (self, g_steal_pointer (&request));
  else
    finish_request (self, g_steal_pointer (&request), FALSE);
}

static void
three_d_secure_handler (SoupServer        *server,
                        SoupServerMessage *message,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  RejiSimulator *self = REJI_SIMULATOR (user_data);

  if (!g_str_equal (path, REJI_SIM_3DS_PATH))
    {
      respond_not_found (message);
      return;
    }

  reji_sim_page_handle_3ds (self->ledger, message);
}

static void
simulator_handler (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  RejiSimulator *self = REJI_SIMULATOR (user_data);
  gboolean is_get = g_str_equal (soup_server_message_get_method (message), SOUP_METHOD_GET);

  if (g_str_equal (path, REJI_SIM_SCENARIO_PATH))
    reji_sim_control_handle_scenario (self->scenarios, message);
  else if (g_str_equal (path, RETURN_PATH) && is_get)
    reji_sim_page_handle_return (self->ledger, message);
  else if (g_str_equal (path, LEDGER_PATH) && is_get)
    reji_sim_respond_json (message, SOUP_STATUS_OK, reji_sim_ledger_to_json (self->ledger));
  else if (g_str_equal (path, RETURN_PATH) || g_str_equal (path, LEDGER_PATH))
    respond_method_not_allowed (message, "GET");
  else
    respond_not_found (message);
}

static void
default_handler (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  respond_not_found (message);
}

/* Logs each request without its body or Authorization header, which may
 * hold card data or the API key. */
static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *message,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *idempotency_key = soup_message_headers_get_one (headers, IDEMPOTENCY_HEADER);

  g_debug ("%s %s → %u (idempotency key: %s)",
           soup_server_message_get_method (message),
           g_uri_get_path (soup_server_message_get_uri (message)),
           soup_server_message_get_status (message),
           idempotency_key != NULL ? idempotency_key : "none");
}

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
reji_simulator_dispose (GObject *object)
{
  RejiSimulator *self = REJI_SIMULATOR (object);

  reji_simulator_shutdown (self);
  g_clear_object (&self->server);
  g_clear_pointer (&self->held_requests, g_ptr_array_unref);
  g_clear_pointer (&self->flip_sources, g_ptr_array_unref);

  G_OBJECT_CLASS (reji_simulator_parent_class)->dispose (object);
}

static void
reji_simulator_finalize (GObject *object)
{
  RejiSimulator *self = REJI_SIMULATOR (object);

  g_clear_pointer (&self->ledger, reji_sim_ledger_free);
  g_clear_pointer (&self->idempotency, reji_sim_idempotency_free);
  g_clear_pointer (&self->scenarios, reji_sim_scenarios_free);
  g_clear_pointer (&self->request_counts, g_hash_table_unref);

  G_OBJECT_CLASS (reji_simulator_parent_class)->finalize (object);
}

static void
reji_simulator_class_init (RejiSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reji_simulator_dispose;
  object_class->finalize = reji_simulator_finalize;
}

static void
reji_simulator_init (RejiSimulator *self)
{
  self->ledger = reji_sim_ledger_new ();
  self->idempotency = reji_sim_idempotency_new ();
  self->scenarios = reji_sim_scenarios_new ();
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->held_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) api_request_free);
  self->flip_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) destroy_source);
  self->server = soup_server_new ("server-header", "reji-simulator ", NULL);

  soup_server_add_handler (self->server, NULL, default_handler, self, NULL);
  soup_server_add_handler (self->server, API_PREFIX, api_handler, self, NULL);
  soup_server_add_handler (self->server, REJI_SIM_3DS_PATH, three_d_secure_handler, self, NULL);
  soup_server_add_handler (self->server, "/simulator", simulator_handler, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_finished_cb), self);
}

RejiSimulator *
reji_simulator_new (void)
{
  return g_object_new (REJI_TYPE_SIMULATOR, NULL);
}

static guint
get_listening_port (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  guint port = 0;

  if (uris != NULL)
    port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return port;
}

/* Rewords the error of soup_server_listen() in the user's language. */
static void
set_listen_error (GError     **error,
                  GError      *listen_error,
                  const char  *host,
                  guint        port)
{
  if (g_error_matches (listen_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                 /* Translators: %u is a TCP port number, %s an IP address such as 127.0.0.1. */
                 _("Port %u on %s is already in use. Stop the program that uses it or choose another port."),
                 port, host);
  else
    g_set_error (error, listen_error->domain, listen_error->code,
                 /* Translators: %u is a TCP port number, %s an IP address, the last %s the system's reason. */
                 _("Cannot listen on port %u of %s: %s"), port, host, listen_error->message);
}

/**
 * reji_simulator_listen:
 * @self: a simulator
 * @host: an IPv4 or IPv6 address literal, such as "127.0.0.1" or "::1"
 * @port: the TCP port, or 0 for one the system picks
 * @error: return location for an error
 *
 * Starts serving on @host and @port. The server runs on the thread-default
 * main context of the caller. On a wildcard @host (0.0.0.0 or ::) the base
 * URL uses the loopback address, and each client gets authentication URLs
 * on the address in its Host header.
 *
 * Returns: %TRUE when the simulator listens
 */
gboolean
reji_simulator_listen (RejiSimulator  *self,
                       const char     *host,
                       guint           port,
                       GError        **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) listen_error = NULL;

  g_return_val_if_fail (REJI_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->origin != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The simulator is already listening at %s."), self->origin);
      return FALSE;
    }

  address = g_inet_address_new_from_string (host);
  if (address == NULL || port > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the user gave as the address to listen on. */
                   _("“%s” is not an IP address. Give an address such as 127.0.0.1 or ::1."), host);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (self->server, socket_address, 0, &listen_error))
    {
      /* The caller shows the error; this is for the log only. */
      g_debug ("Cannot listen on %s port %u: %s", host, port, listen_error->message);
      set_listen_error (error, listen_error, host, port);
      return FALSE;
    }

  self->address = g_steal_pointer (&address);
  self->port = get_listening_port (self->server);
  self->origin = reji_sim_origin_format (self->address, self->port, NULL);
  g_message ("KOMOJU simulator listening at %s%s", self->origin, API_PREFIX);

  return TRUE;
}

/**
 * reji_simulator_shutdown:
 * @self: a simulator
 *
 * Stops listening and closes every connection. The ledger stays readable.
 */
void
reji_simulator_shutdown (RejiSimulator *self)
{
  g_return_if_fail (REJI_IS_SIMULATOR (self));

  if (self->origin == NULL)
    return;

  /* The held requests never get their responses: their connections close
   * with the others. */
  g_ptr_array_set_size (self->held_requests, 0);
  g_ptr_array_set_size (self->flip_sources, 0);
  soup_server_disconnect (self->server);
  g_message ("KOMOJU simulator at %s stopped", self->origin);
  g_clear_pointer (&self->origin, g_free);
  g_clear_object (&self->address);
  self->port = 0;
}

/**
 * reji_simulator_dup_base_url:
 * @self: a listening simulator
 *
 * Returns: (transfer full) (nullable): "http://HOST:PORT/api/v1", or %NULL
 *   when the simulator is not listening
 */
char *
reji_simulator_dup_base_url (RejiSimulator *self)
{
  g_return_val_if_fail (REJI_IS_SIMULATOR (self), NULL);

  if (self->origin == NULL)
    return NULL;

  return g_strconcat (self->origin, API_PREFIX, NULL);
}

/**
 * reji_simulator_dup_return_url:
 * @self: a listening simulator
 *
 * Returns: (transfer full) (nullable): "http://HOST:PORT/simulator/return",
 *   or %NULL when the simulator is not listening
 */
char *
reji_simulator_dup_return_url (RejiSimulator *self)
{
  g_return_val_if_fail (REJI_IS_SIMULATOR (self), NULL);

  if (self->origin == NULL)
    return NULL;

  return g_strconcat (self->origin, RETURN_PATH, NULL);
}

guint
reji_simulator_get_n_tokens (RejiSimulator *self)
{
  g_return_val_if_fail (REJI_IS_SIMULATOR (self), 0);

  return reji_sim_ledger_get_n_tokens (self->ledger);
}

guint
reji_simulator_get_n_payments (RejiSimulator *self)
{
  g_return_val_if_fail (REJI_IS_SIMULATOR (self), 0);

  return reji_sim_ledger_get_n_payments (self->ledger);
}

const char *
reji_simulator_get_token_status (RejiSimulator *self,
                                 const char    *token_id)
{
  RejiSimToken *token;

  g_return_val_if_fail (REJI_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (token_id != NULL, NULL);

  token = reji_sim_ledger_lookup_token (self->ledger, token_id);
  return token != NULL ? token->status : NULL;
}

const char *
reji_simulator_get_payment_status (RejiSimulator *self,
                                   const char    *payment_id)
{
  RejiSimPayment *payment;

  g_return_val_if_fail (REJI_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (payment_id != NULL, NULL);

  payment = reji_sim_ledger_lookup_payment (self->ledger, payment_id);
  return payment != NULL ? payment->status : NULL;
}

char *
reji_simulator_dup_ledger_json (RejiSimulator *self)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (REJI_IS_SIMULATOR (self), NULL);

  root = reji_sim_ledger_to_json (self->ledger);
  return json_to_string (root, FALSE);
}

/**
 * reji_simulator_set_scenario:
 * @self: a simulator
 * @scenario: the scenario to add
 *
 * Adds @scenario for the next matching requests. It replaces a scenario
 * with the same target and card. The `Komoju-Scenario` header of a request
 * comes before every scenario set here.
 */
void
reji_simulator_set_scenario (RejiSimulator         *self,
                             const RejiSimScenario *scenario)
{
  g_autofree char *spec = NULL;

  g_return_if_fail (REJI_IS_SIMULATOR (self));
  g_return_if_fail (scenario != NULL);
  g_return_if_fail (scenario->fault <= REJI_SIM_FAULT_DECLINE);
  g_return_if_fail (scenario->target <= REJI_SIM_TARGET_SECURE_TOKENS);
  g_return_if_fail (scenario->card[0] == '\0' || reji_sim_scenario_card_valid (scenario->card));

  spec = reji_sim_scenario_dup_spec (scenario);
  g_message ("Scenario %s set for %u requests (0: until cleared)", spec, scenario->times);
  reji_sim_scenarios_set (self->scenarios, scenario);
}

/* Removes every scenario that reji_simulator_set_scenario(), the control
 * endpoint or `--scenario` set. Fault cards keep their faults. */
void
reji_simulator_clear_scenarios (RejiSimulator *self)
{
  g_return_if_fail (REJI_IS_SIMULATOR (self));

  reji_sim_scenarios_clear (self->scenarios);
}

guint
reji_simulator_get_n_requests (RejiSimulator *self,
                               const char    *method,
                               const char    *path)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (REJI_IS_SIMULATOR (self), 0);
  g_return_val_if_fail (method != NULL, 0);
  g_return_val_if_fail (path != NULL, 0);

  key = g_strconcat (method, " ", path, NULL);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key));
}
