from cwh.cli import main

raise SystemExit(main())
