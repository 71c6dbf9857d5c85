from disparities.cli import main

raise SystemExit(main())
