/*
 * yajlspace.h - white space as yajl's lexer sees it: JSON's four
 * characters and also \v and \f.  Shared by the streaming core and the
 * token-body cutter, which must agree with yajl on where a value ends.
 */
#ifndef PHI_YAJLSPACE_H
#define PHI_YAJLSPACE_H

static inline int
yajlspace_is(unsigned char c)
{
	static const unsigned char tab[256] = {['\t'] = 1,
	    ['\n'] = 1,
	    ['\v'] = 1,
	    ['\f'] = 1,
	    ['\r'] = 1,
	    [' '] = 1};

	return tab[c];
}

#endif
