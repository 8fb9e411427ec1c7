from v6port.cli import main

main()
