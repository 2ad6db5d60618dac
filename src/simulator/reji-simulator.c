/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A KOMOJU simulator: a SoupServer that answers the part of KOMOJU's API
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
#include "reji-sim-http.h"
#include "reji-sim-idempotency.h"
#include "reji-sim-ledger.h"
#include "reji-sim-page.h"
#include "reji-simulator.h"

#define API_PREFIX "/api/v1"
#define RETURN_PATH "/simulator/return"
#define LEDGER_PATH "/simulator/ledger"
#define IDEMPOTENCY_HEADER "X-KOMOJU-IDEMPOTENCY"

struct _RejiSimulator
{
  GObject              parent_instance;

  SoupServer          *server;
  RejiSimLedger       *ledger;
  RejiSimIdempotency  *idempotency;
  /* "http://HOST:PORT" while listening, NULL otherwise. */
  char                *origin;
};

G_DEFINE_FINAL_TYPE (RejiSimulator, reji_simulator, G_TYPE_OBJECT)

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

/* Splits "/secure_tokens/ID" after @collection into ID; NULL for another
 * path. */
static const char *
match_resource (const char *path,
                const char *collection)
{
  gsize length = strlen (collection);
  const char *id;

  if (strncmp (path, collection, length) != 0 || path[length] != '/')
    return NULL;

  id = path + length + 1;
  if (*id == '\0' || strchr (id, '/') != NULL)
    return NULL;

  return id;
}

static void
route_api (RejiSimulator     *self,
           SoupServerMessage *message,
           const char        *path)
{
  const char *method = soup_server_message_get_method (message);
  gboolean is_get = g_str_equal (method, SOUP_METHOD_GET);
  gboolean is_post = g_str_equal (method, SOUP_METHOD_POST);
  const char *id;

  if (g_str_equal (path, "/secure_tokens"))
    {
      if (is_post)
        reji_sim_api_create_token (self->ledger, message, self->origin);
      else
        respond_method_not_allowed (message, "POST");
    }
  else if ((id = match_resource (path, "/secure_tokens")) != NULL)
    {
      if (is_get)
        reji_sim_api_show_token (self->ledger, message, self->origin, id);
      else
        respond_method_not_allowed (message, "GET");
    }
  else if (g_str_equal (path, "/payments"))
    {
      if (is_post)
        reji_sim_api_create_payment (self->ledger, message);
      else
        respond_method_not_allowed (message, "POST");
    }
  else if ((id = match_resource (path, "/payments")) != NULL)
    {
      if (is_get)
        reji_sim_api_show_payment (self->ledger, message, id);
      else
        respond_method_not_allowed (message, "GET");
    }
  else
    {
      respond_not_found (message);
    }
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

  if (error != NULL)
    {
      reji_sim_respond_error (message, error);
      return;
    }

  /* KOMOJU honours idempotency keys on POST requests only. */
  if (idempotency_key == NULL || !g_str_equal (method, SOUP_METHOD_POST))
    {
      route_api (self, message, path + strlen (API_PREFIX));
      return;
    }

  if (reji_sim_idempotency_replay (self->idempotency, message, path, idempotency_key))
    return;

  route_api (self, message, path + strlen (API_PREFIX));
  reji_sim_idempotency_store (self->idempotency, message, path, idempotency_key);
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

  if (g_str_equal (path, RETURN_PATH) && is_get)
    reji_sim_page_handle_return (message);
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
reji_simulator_dispose (GObject *object)
{
  RejiSimulator *self = REJI_SIMULATOR (object);

  reji_simulator_shutdown (self);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (reji_simulator_parent_class)->dispose (object);
}

static void
reji_simulator_finalize (GObject *object)
{
  RejiSimulator *self = REJI_SIMULATOR (object);

  g_clear_pointer (&self->ledger, reji_sim_ledger_free);
  g_clear_pointer (&self->idempotency, reji_sim_idempotency_free);

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

/**
 * reji_simulator_listen:
 * @self: a simulator
 * @host: an IPv4 or IPv6 address literal, such as "127.0.0.1" or "::1"
 * @port: the TCP port, or 0 for one the system picks
 * @error: return location for an error
 *
 * Starts serving on @host and @port. The server runs on the thread-default
 * main context of the caller.
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
  g_autofree char *address_text = NULL;
  gboolean ipv6;

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
  if (!soup_server_listen (self->server, socket_address, 0, error))
    {
      g_warning ("Cannot listen on %s port %u: %s", host, port, (*error)->message);
      return FALSE;
    }

  address_text = g_inet_address_to_string (address);
  ipv6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;
  self->origin = g_strdup_printf (ipv6 ? "http://[%s]:%u" : "http://%s:%u",
                                  address_text, get_listening_port (self->server));
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

  soup_server_disconnect (self->server);
  g_message ("KOMOJU simulator at %s stopped", self->origin);
  g_clear_pointer (&self->origin, g_free);
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
