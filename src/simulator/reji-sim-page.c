/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-sim-api.h"
#include "reji-sim-http.h"
#include "reji-sim-page.h"

/* The pages are self-contained (inline CSS, no scripts, no external
 * resources) so that they work from a phone on a network with no internet
 * access. */
static const char page_style[] =
  "body{margin:0;font-family:system-ui,sans-serif;background:#f4f4f6;color:#1d1d20}"
  "main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;"
  "box-shadow:0 1px 4px rgba(0,0,0,.15)}"
  ".training{margin:-1.5rem -1.5rem 1rem;padding:.6rem 1.5rem;border-radius:12px 12px 0 0;"
  "background:#e5a50a;color:#000;font-weight:bold}"
  "h1{font-size:1.3rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}"
  "dt{color:#555}dd{margin:0;font-weight:bold}"
  "label,input,button{display:block;width:100%;box-sizing:border-box;font-size:1.1rem}"
  "input{margin:.4rem 0 1rem;padding:.6rem}"
  "button{padding:.7rem;background:#1c71d8;color:#fff;border:0;border-radius:8px}"
  ".error{color:#c01c28;font-weight:bold}.hint{color:#555;font-size:.9rem}";

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (html, escaped);
}

static GString *
begin_page (const char *title)
{
  GString *html = g_string_new ("<!DOCTYPE html>\n<html lang=\"");

  /* Translators: the language code of this translation, for the HTML lang
   * attribute of the simulated 3-D Secure page: "ja" for Japanese. */
  append_escaped (html, C_("HTML lang attribute", "en"));
  g_string_append (html, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>");
  append_escaped (html, title);
  g_string_append_printf (html, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n"
                          "<p class=\"training\">", page_style);
  append_escaped (html, _("Training — simulated 3-D Secure"));
  g_string_append (html, "</p>\n<h1>");
  append_escaped (html, title);
  g_string_append (html, "</h1>\n");

  return html;
}

static GString *
end_page (GString *html)
{
  g_string_append (html, "</main>\n</body>\n</html>\n");
  return html;
}

static void
append_paragraph (GString    *html,
                  const char *css_class,
                  const char *text)
{
  if (css_class != NULL)
    g_string_append_printf (html, "<p class=\"%s\">", css_class);
  else
    g_string_append (html, "<p>");
  append_escaped (html, text);
  g_string_append (html, "</p>\n");
}

static guint
currency_exponent (const char *currency)
{
  /* KOMOJU uses JPY, KRW and VND without a minor unit. */
  if (g_str_equal (currency, "JPY") || g_str_equal (currency, "KRW") || g_str_equal (currency, "VND"))
    return 0;

  return 2;
}

/* Formats an amount in minor units as "1,000 JPY" or "12.50 USD". */
static char *
format_amount (gint64      amount,
               const char *currency)
{
  guint exponent = currency_exponent (currency);
  g_autofree char *digits = g_strdup_printf ("%0*" G_GINT64_FORMAT, exponent + 1, amount);
  gsize n_whole = strlen (digits) - exponent;
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < n_whole; i++)
    {
      if (i > 0 && (n_whole - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }

  if (exponent > 0)
    g_string_append_printf (text, ".%s", digits + n_whole);
  g_string_append_printf (text, " %s", currency);

  return g_string_free (text, FALSE);
}

static void
append_sale (GString            *html,
             const RejiSimToken *token)
{
  g_autofree char *amount = format_amount (token->amount, token->currency);
  g_autofree char *card = g_strdup_printf ("•••• %s", token->card.last_four);

  g_string_append (html, "<dl>\n<dt>");
  append_escaped (html, _("Amount"));
  g_string_append (html, "</dt><dd>");
  append_escaped (html, amount);
  g_string_append (html, "</dd>\n<dt>");
  append_escaped (html, _("Card"));
  g_string_append (html, "</dt><dd>");
  append_escaped (html, card);
  g_string_append (html, "</dd>\n</dl>\n");
}

/**
 * reji_sim_page_build_return_url:
 * @return_url: the token's return URL
 * @token_id: the token id
 *
 * Adds `secure_token_id=<id>` to the query of @return_url, as KOMOJU does
 * when it sends the customer back, keeping any query and fragment.
 */
char *
reji_sim_page_build_return_url (const char *return_url,
                                const char *token_id)
{
  const char *fragment = strchr (return_url, '#');
  gsize base_length = fragment != NULL ? (gsize) (fragment - return_url) : strlen (return_url);
  g_autofree char *base = g_strndup (return_url, base_length);
  const char *separator = "?";

  if (strchr (base, '?') != NULL)
    separator = base[base_length - 1] == '?' || base[base_length - 1] == '&' ? "" : "&";

  return g_strconcat (base, separator, "secure_token_id=", token_id,
                      fragment != NULL ? fragment : "", NULL);
}

static void
respond_challenge (SoupServerMessage  *message,
                   const RejiSimToken *token,
                   const char         *problem)
{
  GString *html = begin_page (_("Confirm the payment"));

  append_sale (html, token);
  g_string_append_printf (html, "<form method=\"post\" action=\"%s?token=%s\">\n"
                          "<label for=\"password\">", REJI_SIM_3DS_PATH, token->id);
  append_escaped (html, _("Password from your card issuer"));
  g_string_append (html, "</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
                   "inputmode=\"numeric\" autocomplete=\"one-time-code\" autofocus required>\n");
  if (problem != NULL)
    append_paragraph (html, "error", problem);
  g_string_append (html, "<button type=\"submit\">");
  append_escaped (html, _("Confirm"));
  g_string_append (html, "</button>\n</form>\n");
  append_paragraph (html, "hint",
                    /* Translators: the two numbers are the test passwords; keep them as they are. */
                    _("Training passwords: 123456 verifies the card, 111111 fails the verification."));

  reji_sim_respond_html (message, SOUP_STATUS_OK, end_page (html));
}

/* Whether 3-D Secure let the token through: it passed, or the card needs
 * none. */
static gboolean
token_verified (const RejiSimToken *token)
{
  return g_str_equal (token->status, REJI_SIM_TOKEN_OK)
         || g_str_equal (token->status, REJI_SIM_TOKEN_SKIPPED);
}

/* Tells the customer the outcome of a token's 3-D Secure, and what to do. */
static const char *
describe_outcome (const RejiSimToken *token)
{
  if (g_str_equal (token->status, REJI_SIM_TOKEN_NEEDS_VERIFY))
    return _("3-D Secure is not finished yet.");
  if (token_verified (token))
    return _("3-D Secure is complete. Please return to the cashier.");

  return _("3-D Secure was not successful. Please tell the cashier.");
}

static void
respond_finished (SoupServerMessage  *message,
                  const RejiSimToken *token)
{
  g_autofree char *location = reji_sim_page_build_return_url (token->return_url, token->id);
  GString *html = begin_page (token_verified (token) ? _("3-D Secure complete")
                                                     : _("3-D Secure not successful"));

  append_sale (html, token);
  append_paragraph (html, NULL, describe_outcome (token));
  g_string_append (html, "<p><a href=\"");
  append_escaped (html, location);
  g_string_append (html, "\">");
  append_escaped (html, _("Return to the shop"));
  g_string_append (html, "</a></p>\n");

  reji_sim_respond_html (message, SOUP_STATUS_OK, end_page (html));
}

static void
respond_not_found (SoupServerMessage *message)
{
  GString *html = begin_page (_("Verification not found"));

  append_paragraph (html, NULL,
                    _("This 3-D Secure page does not exist. Check the link or scan the QR code again."));
  reji_sim_respond_html (message, SOUP_STATUS_NOT_FOUND, end_page (html));
}

static void
finish_verification (SoupServerMessage *message,
                     RejiSimToken      *token,
                     const char        *status)
{
  g_autofree char *location = reji_sim_page_build_return_url (token->return_url, token->id);

  /* A needs-verify-forever token sends the customer on as if verified,
   * but stays NEEDS_VERIFY. */
  if (token->verification_stuck)
    {
      g_debug ("Secure token %s stays %s after its page", token->id, token->status);
      soup_server_message_set_redirect (message, SOUP_STATUS_SEE_OTHER, location);
      return;
    }

  reji_sim_token_set_status (token, status);
  g_debug ("Secure token %s verified: %s", token->id, status);
  soup_server_message_set_redirect (message, SOUP_STATUS_SEE_OTHER, location);
}

static char *
lookup_form_value (const char *encoded,
                   const char *name)
{
  g_autoptr(GHashTable) fields = NULL;

  if (encoded == NULL)
    return NULL;

  fields = soup_form_decode (encoded);
  return g_strdup (g_hash_table_lookup (fields, name));
}

static char *
read_password (SoupServerMessage *message)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  g_autofree char *text = g_strndup (data, length);

  return lookup_form_value (text, "password");
}

/* Applies a submitted challenge password to a challenge card's token. */
static void
handle_password (SoupServerMessage *message,
                 RejiSimToken      *token)
{
  g_autofree char *password = read_password (message);

  if (password == NULL || *g_strstrip (password) == '\0')
    {
      respond_challenge (message, token, _("Enter the password."));
      return;
    }

  if (token->card.behaviour == REJI_SIM_CARD_CHALLENGE_FAILURE)
    {
      finish_verification (message, token, REJI_SIM_TOKEN_ERRORED);
      return;
    }

  if (g_strcmp0 (password, REJI_SIM_PASSWORD_SUCCESS) == 0)
    finish_verification (message, token, REJI_SIM_TOKEN_OK);
  else if (g_strcmp0 (password, REJI_SIM_PASSWORD_FAILURE) == 0)
    finish_verification (message, token, REJI_SIM_TOKEN_ERRORED);
  else
    respond_challenge (message, token, _("The password is wrong. Try again."));
}

/**
 * reji_sim_page_handle_3ds:
 * @ledger: the ledger
 * @message: a request for `/three_d_secure_service/offsite?token=<id>`
 *
 * Serves the simulated 3-D Secure page of a NEEDS_VERIFY token. Frictionless
 * cards finish at once; challenge cards show a password form that POSTs
 * back to the same URL. A finished verification responds 303 See Other with
 * the token's return URL, with `secure_token_id` added, as the Location.
 */
void
reji_sim_page_handle_3ds (RejiSimLedger     *ledger,
                          SoupServerMessage *message)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *method = soup_server_message_get_method (message);
  g_autofree char *token_id = lookup_form_value (g_uri_get_query (uri), "token");
  RejiSimToken *token = token_id != NULL ? reji_sim_ledger_lookup_token (ledger, token_id) : NULL;
  gboolean is_post = g_str_equal (method, SOUP_METHOD_POST);

  if (!is_post && !g_str_equal (method, SOUP_METHOD_GET))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", "GET, POST");
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (token == NULL)
    {
      respond_not_found (message);
      return;
    }

  if (!g_str_equal (token->status, REJI_SIM_TOKEN_NEEDS_VERIFY))
    {
      respond_finished (message, token);
      return;
    }

  switch (token->card.behaviour)
    {
    case REJI_SIM_CARD_FRICTIONLESS_FAILURE:
      finish_verification (message, token, REJI_SIM_TOKEN_ERRORED);
      break;
    case REJI_SIM_CARD_CHALLENGE_SUCCESS:
    case REJI_SIM_CARD_CHALLENGE_FAILURE:
      if (is_post)
        handle_password (message, token);
      else
        respond_challenge (message, token, NULL);
      break;
    case REJI_SIM_CARD_FRICTIONLESS_SUCCESS:
    case REJI_SIM_CARD_NO_3DS:
    case REJI_SIM_CARD_DECLINE:
    default:
      finish_verification (message, token, REJI_SIM_TOKEN_OK);
      break;
    }
}

/**
 * reji_sim_page_handle_return:
 * @ledger: the ledger
 * @message: a request for `/simulator/return?secure_token_id=<id>`
 *
 * Serves the page that training mode uses as the return URL. It shows
 * whether 3-D Secure passed, failed or is not finished. An unfinished one
 * gets a link back to the 3-D Secure page.
 */
void
reji_sim_page_handle_return (RejiSimLedger     *ledger,
                             SoupServerMessage *message)
{
  GUri *uri = soup_server_message_get_uri (message);
  g_autofree char *token_id = lookup_form_value (g_uri_get_query (uri), "secure_token_id");
  RejiSimToken *token = token_id != NULL ? reji_sim_ledger_lookup_token (ledger, token_id) : NULL;
  gboolean pending;
  GString *html;

  if (token == NULL)
    {
      g_debug ("Return page for unknown secure token %s", token_id != NULL ? token_id : "(none)");
      respond_not_found (message);
      return;
    }

  pending = g_str_equal (token->status, REJI_SIM_TOKEN_NEEDS_VERIFY);
  if (pending)
    html = begin_page (_("3-D Secure not finished"));
  else
    html = begin_page (token_verified (token) ? _("3-D Secure complete")
                                              : _("3-D Secure not successful"));

  append_paragraph (html, NULL, describe_outcome (token));
  if (pending)
    {
      /* A relative link keeps the address the customer reached us on. */
      g_string_append_printf (html, "<p><a href=\"%s?token=", REJI_SIM_3DS_PATH);
      append_escaped (html, token->id);
      g_string_append (html, "\">");
      append_escaped (html, _("Go back to the 3-D Secure page"));
      g_string_append (html, "</a></p>\n");
    }

  reji_sim_respond_html (message, SOUP_STATUS_OK, end_page (html));
}
