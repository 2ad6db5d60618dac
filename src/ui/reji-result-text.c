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
