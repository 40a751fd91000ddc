from treatylint.cli import main

main()
