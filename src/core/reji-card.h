/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REJI_CARD_ERROR (reji_card_error_quark ())

/* Error codes name the field at fault, so the form can show each error
 * beside its own entry. */
typedef enum
{
  REJI_CARD_ERROR_NUMBER_EMPTY,
  REJI_CARD_ERROR_NUMBER_INVALID,
  REJI_CARD_ERROR_NUMBER_LENGTH,
  REJI_CARD_ERROR_NUMBER_CHECKSUM,
  REJI_CARD_ERROR_NUMBER_BRAND,
  REJI_CARD_ERROR_EXPIRY_EMPTY,
  REJI_CARD_ERROR_EXPIRY_INVALID,
  REJI_CARD_ERROR_EXPIRED,
  REJI_CARD_ERROR_SECURITY_CODE_EMPTY,
  REJI_CARD_ERROR_SECURITY_CODE_INVALID,
  REJI_CARD_ERROR_NAME_EMPTY,
  REJI_CARD_ERROR_EMAIL_INVALID,
} RejiCardError;

typedef enum
{
  REJI_CARD_BRAND_UNKNOWN,
  REJI_CARD_BRAND_VISA,
  REJI_CARD_BRAND_MASTERCARD,
  REJI_CARD_BRAND_JCB,
  REJI_CARD_BRAND_AMERICAN_EXPRESS,
  REJI_CARD_BRAND_DINERS_CLUB,
  REJI_CARD_BRAND_DISCOVER,
  REJI_CARD_BRAND_UNIONPAY,
} RejiCardBrand;

/* What the cashier typed for one card, checked and normalised.
 * `number` holds ASCII digits only; `year` has four digits.
 * The number and the security code are secrets: free the struct with
 * reji_card_details_free(), which overwrites them before freeing. */
typedef struct
{
  char          *number;
  guint          month;
  guint          year;
  char          *security_code;
  char          *name;
  char          *email;
  RejiCardBrand  brand;
} RejiCardDetails;

GQuark           reji_card_error_quark               (void);

char            *reji_card_normalize_number          (const char       *text,
                                                      GError          **error);
gboolean         reji_card_luhn_valid                (const char       *digits);
RejiCardBrand    reji_card_brand_from_number         (const char       *digits);
const char      *reji_card_brand_get_name            (RejiCardBrand     brand);
guint            reji_card_brand_get_security_code_length (RejiCardBrand brand);
char            *reji_card_check_number              (const char       *text,
                                                      RejiCardBrand    *out_brand,
                                                      GError          **error);
gboolean         reji_card_parse_expiry              (const char       *text,
                                                      guint            *out_month,
                                                      guint            *out_year,
                                                      GError          **error);
gboolean         reji_card_check_expiry              (guint             month,
                                                      guint             year,
                                                      GDateTime        *now,
                                                      GError          **error);
char            *reji_card_check_security_code       (const char       *text,
                                                      RejiCardBrand     brand,
                                                      GError          **error);
char            *reji_card_check_name                (const char       *text,
                                                      GError          **error);
char            *reji_card_check_email               (const char       *text,
                                                      GError          **error);
char            *reji_card_mask_number               (const char       *digits);
const char      *reji_card_get_last_four             (const char       *digits);

RejiCardDetails *reji_card_details_new               (void);
void             reji_card_details_free              (RejiCardDetails  *details);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiCardDetails, reji_card_details_free)

G_END_DECLS
