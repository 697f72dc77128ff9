# chatserver0.py - stage 0: no networking yet.
# The keyboard stands in for a client: read a line, print it,
# and stop at a blank line. The shape is the one every later
# stage keeps: announce the connection, loop reading input,
# echo it somewhere, announce the end.

class server0:
    def run(self):
        print('Connected')
        while True:
            try:
                From = input()          # Read line (from the keyboard)
            except EOFError:            # input closed (Ctrl+D): treat it as leaving
                break
            if not From: break          # a blank line ends the session
            print(From)                 # Print line (to the screen)
        print('Disconnected')

server0().run()                         # run server
