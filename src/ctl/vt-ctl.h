#pragma once

#include <glib.h>

#include "vt-config.h"
#include "vt-store.h"
#include "vt-session.h"
#include "vt-submission.h"

G_BEGIN_DECLS

/* Exit statuses every command keeps to: scripts tell "the command ran and
 * found a problem" (1) from "the command line was wrong" (2). */
enum
{
  VT_CTL_EXIT_OK      = 0,
  VT_CTL_EXIT_FAILURE = 1,
  VT_CTL_EXIT_USAGE   = 2,
};

typedef struct
{
  char     *config_path;
  char     *data_dir;
  gboolean  verbose;
  VtConfig *config;
} VtCtl;

/* A command receives its own words: argv[0] is the command's name ("form
 * check"), the rest its arguments and options. */
typedef int (*VtCtlCommandFunc) (VtCtl  *ctl,
                                 int     argc,
                                 char  **argv);

typedef struct
{
  const char       *name;
  const char       *arguments;
  const char       *summary;
  VtCtlCommandFunc  func;
} VtCtlCommand;

int        vt_ctl_main             (int           argc,
                                    char        **argv);
VtConfig  *vt_ctl_get_config       (VtCtl        *ctl,
                                    GError      **error);
VtStore   *vt_ctl_open_store       (VtCtl        *ctl);
/* ISO 8601 in UTC ("2026-11-28T15:40:00Z"), or NULL for usec <= 0 ("never"). */
char      *vt_ctl_format_time      (gint64        usec);
gboolean   vt_ctl_parse_options    (VtCtl        *ctl,
                                    const char   *name,
                                    const char   *arguments,
                                    const GOptionEntry *entries,
                                    int          *argc,
                                    char       ***argv);

/* Commands, one file each (vt-ctl-<command>.c). */
int        vt_ctl_config_show      (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_queue            (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_form_check       (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_form_fill        (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_xpath            (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_id_check_xpath   (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_clerk_set_pin    (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_clerk_status     (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_export           (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_import           (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_bundle_public_key (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_bundle_new_recipient_key (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_enqueue          (VtCtl *ctl, int argc, char **argv);

/* Shared by `form fill` and `enqueue` (vt-ctl-form.c): fills FILE with
 * ANSWERS.json; on invalid answers prints "<path>: <message>" lines.
 * take_files: an upload answer takes the file it names (relative to
 * ANSWERS.json, or given in attach as NAME=PATH).
 * Returns an exit status; on success sets *session and *submission. */
int        vt_ctl_fill_form        (const char          *file,
                                    const char          *lang,
                                    const char          *answers_path,
                                    gboolean             take_files,
                                    const char * const  *attach,
                                    VtSession          **session,
                                    VtSubmission       **submission);
/* ANSWERS.json applied to a session, without files (vt-ctl-form.c);
 * FALSE with the reason printed. */
gboolean   vt_ctl_apply_answers_file (VtSession  *session,
                                      const char *path);
int        vt_ctl_forms_pull       (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_speak            (VtCtl *ctl, int argc, char **argv);
/* Signed receipts, checks, drop-offs and feedback (vt-ctl-receipt.c). */
int        vt_ctl_receipt_show       (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_receipt_verify     (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_receipt_public_key (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_receipt_check      (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_dropoffs           (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_feedback_form      (VtCtl *ctl, int argc, char **argv);
int        vt_ctl_sync             (VtCtl *ctl, int argc, char **argv);

G_END_DECLS
