/**
 * File-system helpers shared by the packages that write results aside and rename them; it uses nothing of the
 * project.
 */
package org.unetfiji.io;
