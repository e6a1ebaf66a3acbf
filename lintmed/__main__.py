from lintmed.cli import main

raise SystemExit(main())
