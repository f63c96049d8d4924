/* ventanilla-ctl: the headless command line, a thin main over vt-ctl.c. */
#include "config.h"

#include "vt-ctl.h"
#include "vt-i18n.h"

int
main (int   argc,
      char *argv[])
{
  vt_i18n_init ();
  return vt_ctl_main (argc, argv);
}
