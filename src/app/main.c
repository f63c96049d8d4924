/* The kiosk's entry point: translations set up before anything else,
 * then the application (vt-application.c) runs. */
#include "config.h"

#include "vt-application.h"
#include "vt-language.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtApplication) app = NULL;
  int status;

  vt_language_init ();
  app = vt_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : vt_application_get_exit_status (app);
}
