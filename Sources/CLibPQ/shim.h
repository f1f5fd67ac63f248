// libpq, PostgreSQL's reference C client (Debian: libpq-dev), for records kept on a server.
#include <libpq-fe.h>
