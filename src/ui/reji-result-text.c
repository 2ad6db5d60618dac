/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-result-text.h"

/* KOMOJU's decline codes (its `error.code`) and what the cashier should
 * read: the reason in plain words and the next step. */
static const struct
{
  const char *code;
  const char *sentence;
} decline_reasons[] = {
  { "card_declined", N_("The card was declined. Ask for another card.") },
  { "insufficient_funds", N_("The card has insufficient funds. Ask for another card.") },
  { "exceeds_limit", N_("The amount exceeds the card’s limit. Ask for another card.") },
  { "card_expired", N_("The card has expired. Ask for another card.") },
  { "bad_verification_value", N_("The security code was wrong. Check it and try again.") },
  { "invalid_number", N_("The card number is not valid. Check it and try again.") },
  { "fraudulent", N_("The card issuer refused the payment. Ask for another card.") },
};

static gboolean
verification_failed (RejiSale     *sale,
                     const GError *error)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (sale);

  if (g_error_matches (error, REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_FAILED))
    return TRUE;
  return token != NULL && token->verification_status == REJI_VERIFICATION_STATUS_ERRORED;
}

/**
 * reji_result_describe_decline:
 * @sale: a sale in the DECLINED state
 *
 * Builds the sentence that tells the cashier why the card was declined
 * and what to do next.
 *
 * Returns: (transfer full): the translated sentence
 */
char *
reji_result_describe_decline (RejiSale *sale)
{
  const GError *error = reji_sale_get_error (sale);
  const char *code = error != NULL ? reji_komoju_error_get_api_code (error) : NULL;

  if (g_error_matches (error, REJI_SALE_ERROR, REJI_SALE_ERROR_VERIFICATION_REQUIRED))
    return g_strdup (_("3-D Secure is required for every sale, but this card skipped it. "
                       "Ask for another card."));
  if (verification_failed (sale, error))
    return g_strdup (_("The customer could not complete 3-D Secure. Ask for another card."));

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (decline_reasons); i++)
    {
      if (g_strcmp0 (code, decline_reasons[i].code) == 0)
        return g_strdup (_(decline_reasons[i].sentence));
    }

  /* Translators: %s is KOMOJU's error code, for example "processing_error" */
  return g_strdup_printf (_("KOMOJU refused the payment (code: %s). Ask for another card."),
                          code != NULL ? code : "unknown");
}

/* What a FAILED sale's error means for the cashier. Every FAILED sale
 * ended before a charge could happen, so each title says so. */
static void
describe_api_failure (const GError  *error,
                      const char   **title,
                      const char   **message)
{
  guint status = reji_komoju_error_get_http_status (error);

  if (status == 401 || status == 403)
    {
      *title = _("KOMOJU rejected Reji’s key. Nothing was charged.");
      *message = _("Ask the person who set up Reji to check the key.");
    }
  else if (status >= 500)
    {
      *title = _("KOMOJU had a problem. Nothing was charged.");
      *message = _("Try again in a moment.");
    }
  else
    {
      *title = _("KOMOJU rejected the request. Nothing was charged.");
      *message = NULL;
    }
}

/**
 * reji_result_describe_failure:
 * @error: (nullable): the error of a sale in the FAILED state
 * @title: (out) (transfer none): the outcome, in one sentence
 * @message: (out) (transfer none) (nullable): the next step, or %NULL
 *
 * Picks the sentences that tell the cashier why a sale failed and what
 * to do next.
 */
void
reji_result_describe_failure (const GError  *error,
                              const char   **title,
                              const char   **message)
{
  g_return_if_fail (title != NULL);
  g_return_if_fail (message != NULL);

  if (g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API))
    describe_api_failure (error, title, message);
  else if (g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_HTTP_STATUS) ||
           g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_INVALID_RESPONSE))
    {
      *title = _("KOMOJU had a problem. Nothing was charged.");
      *message = _("Try again in a moment.");
    }
  else if (g_error_matches (error, REJI_SALE_ERROR, REJI_SALE_ERROR_INTERRUPTED))
    {
      *title = _("Reji stopped before the card was checked. Nothing was charged.");
      *message = _("Start a new sale and type the card again.");
    }
  else if (g_error_matches (error, REJI_SALE_ERROR, REJI_SALE_ERROR_TOKEN_NOT_FOUND))
    {
      *title = _("KOMOJU lost track of this 3-D Secure check. Nothing was charged.");
      *message = _("Start a new sale to try again.");
    }
  else
    {
      /* Network, timeout and TLS errors, and anything unforeseen: the
       * request never got a usable answer. */
      *title = _("Could not reach KOMOJU. Nothing was charged.");
      *message = _("Check the network connection and try again.");
    }
}
