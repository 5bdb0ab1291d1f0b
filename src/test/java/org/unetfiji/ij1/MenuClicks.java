package org.unetfiji.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.Point;
import java.awt.PopupMenu;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageWindow;
import ij.plugin.frame.Recorder;
import ij.plugin.frame.RoiManager;

/**
 * Runs in its own ImageJ JVM (see {@code RecorderIT}): starts ImageJ with its window on a virtual display and the
 * macro recorder open, clicks each Plugins &gt; U-Net command as a user does ({@link Executer}, as the menu does),
 * types values into its dialog and presses OK, then writes what the recorder recorded, the titles of the windows
 * then open, the number of ROIs in the ROI Manager, and screenshots: the Plugins &gt; U-Net menu, each command's
 * dialog as filled in (U-Net Train's also with its images drop-down opened), and the finished segmentation (image,
 * overlay picture, ROI Manager).
 * <p>
 * Arguments: ImageJ folder, output folder, then the sample image, a folder of images, a folder of labels, a work
 * folder and the sample image's ground truth.
 */
public final class MenuClicks {

	private static final long TIMEOUT_MILLISECONDS = 120_000;

	private MenuClicks() {}

	public static void main(String[] args) throws Exception {
		Path out = Files.createDirectories(Path.of(args[1]));
		try {
			clickAll(args, out);
		}
		catch (Exception | Error e) {
			e.printStackTrace();
		}
		System.exit(0);
	}

	private static void clickAll(String[] args, Path out) throws Exception {
		Path image = Path.of(args[2]), images = Path.of(args[3]), labels = Path.of(args[4]), work = Path.of(args[5]),
			truth = Path.of(args[6]);
		ImageJ.main(new String[]{ "-ijpath", args[0] });
		while (IJ.getInstance() == null || !IJ.getInstance().isShowing())
			Thread.sleep(100);
		Recorder recorder = new Recorder();

		click("U-Net Model Info", Map.of("model", "em-membranes-2d"), out);
		IJ.openImage(image.toString()).show();
		click("U-Net Segment", Map.of("model", "em-membranes-2d", "overlay", true, "roi-manager", true), out);
		screenshotOfTheSegmentation(out.resolve("segmentation.png"));
		click("U-Net Batch Segment",
			Map.of("model", "em-membranes-2d", "input", image.toString(), "output", work.resolve("batch").toString()),
			out);
		click(
			"U-Net Train", Map.of("images", images.toString(), "labels", labels.toString(), "output",
				work.resolve("model").toString(), "depth", "2", "filters", "4", "steps", "3", "tile", "64"),
			"images", out);
		click("U-Net Finetune", Map.of("model", "em-membranes-2d", "freeze-encoder", true, "images", images.toString(),
			"labels", labels.toString(), "output", work.resolve("finetuned").toString(), "steps", "2", "tile", "64"),
			out);
		click("U-Net Evaluate", Map.of("prediction", "isbi2012-em-020 labels", "truth", truth.toString()), out);
		click("U-Net Weight Map", Map.of("labels", labels.resolve("000.png").toString()), out);
		Files.writeString(out.resolve("recorded.ijm"), recorder.getText());
		Files.writeString(out.resolve("windows.txt"), String.join("\n", WindowManager.getImageTitles()) + "\n" +
			String.join("\n", WindowManager.getNonImageTitles()));
		Files.writeString(out.resolve("roi-count.txt"), Integer.toString(RoiManager.getInstance().getCount()));
		screenshotOfTheMenu(out.resolve("plugins-u-net-menu.png"));
	}

	/** Clicks a menu command, types the values into its dialog, presses OK and waits until it is recorded. */
	private static void click(String command, Map<String, Object> values, Path out) throws Exception {
		click(command, values, null, out);
	}

	/**
	 * As {@link #click(String, Map, Path)}, with a second screenshot of the dialog where the drop-down of
	 * {@code opened} (unless null) is opened, as a user's click opens it.
	 */
	private static void click(String command, Map<String, Object> values, String opened, Path out) throws Exception {
		new Executer(command, WindowManager.getCurrentImage()); // what ImageJ does for a menu click
		GenericDialog dialog = awaitDialog(command);
		for (var value : values.entrySet())
			type(dialog, value.getKey(), value.getValue());
		String name = "dialog-" + command.toLowerCase(Locale.ROOT).replace(' ', '-');
		screenshot(dialog, out.resolve(name + ".png"));
		if (opened != null) screenshotOfOpenChoice(dialog, opened, out.resolve(name + "-" + opened + ".png"));
		for (Button button : dialog.getButtons())
			if (button != null && "OK".equals(button.getLabel().strip()))
				dialog.actionPerformed(new ActionEvent(button, ActionEvent.ACTION_PERFORMED, "OK"));
		long end = System.currentTimeMillis() + TIMEOUT_MILLISECONDS;
		while (!Recorder.getInstance().getText().contains("run(\"" + command + "\"")) {
			if (System.currentTimeMillis() > end)
				throw new IllegalStateException(command + " was not recorded:\n" + Recorder.getInstance().getText());
			Thread.sleep(100);
		}
	}

	private static GenericDialog awaitDialog(String title) throws InterruptedException {
		long end = System.currentTimeMillis() + TIMEOUT_MILLISECONDS;
		while (System.currentTimeMillis() < end) {
			for (Window window : Window.getWindows())
				if (window instanceof GenericDialog dialog && dialog.isShowing() && title.equals(dialog.getTitle()))
					return dialog;
			Thread.sleep(100);
		}
		throw new IllegalStateException("no dialog " + title + " appeared; ImageJ's log:\n" + IJ.getLog());
	}

	/** Sets the field labelled {@code key}: the component after its label, or the checkbox of that name. */
	private static void type(Container container, String key, Object value) {
		Component[] components = container.getComponents();
		for (int i = 0; i < components.length; i++) {
			Component c = components[i];
			if (c instanceof Checkbox box && key.equals(box.getLabel())) box.setState((Boolean) value);
			else if (c instanceof Label label && key.equals(label.getText()) && i + 1 < components.length)
				setText(components[i + 1], value.toString());
			else if (c instanceof Container inner) type(inner, key, value);
		}
	}

	/** Types into a text field, or selects in a choice, where a path is put before the last item as browsing does. */
	private static void setText(Component field, String text) {
		if (field instanceof Choice choice) {
			boolean listed = false;
			for (int i = 0; i < choice.getItemCount(); i++)
				listed |= choice.getItem(i).equals(text);
			if (!listed) choice.insert(text, choice.getItemCount() - 1);
			choice.select(text);
		}
		else if (field instanceof TextField textField) textField.setText(text);
		else if (field instanceof Container panel) for (Component c : panel.getComponents())
			if (c instanceof TextField textField) textField.setText(text);
	}

	/**
	 * Captures a window as it is on the screen, after the events that draw it (without activating it, so that the
	 * recorder sees the same events as after a user's click).
	 */
	private static void screenshot(Window window, Path png) throws Exception {
		// a window reaching past the screen's edge is captured shifted (the capture stays on the screen)
		EventQueue.invokeAndWait(() -> {
			Dimension screen = Toolkit.getDefaultToolkit().getScreenSize();
			window.setLocation(Math.max(0, Math.min(window.getX(), screen.width - window.getWidth())),
				Math.max(0, Math.min(window.getY(), screen.height - window.getHeight())));
		});
		BufferedImage shot = null;
		// on a busy machine the first capture may come before the dialog is drawn (black, or the window behind it)
		for (int attempt = 0; attempt < 10 && (shot == null || !drawn(shot, window)); attempt++) {
			Thread.sleep(700);
			shot = new Robot().createScreenCapture(onScreen(window));
		}
		ImageIO.write(shot, "png", png.toFile());
	}

	/** Where the window is on the screen, as the X server has it (without a window manager, not always its bounds). */
	private static Rectangle onScreen(Window window) {
		return new Rectangle(window.getLocationOnScreen(), window.getSize());
	}

	/** Whether a capture shows the window drawn: its background colour in two opposite corners. */
	private static boolean drawn(BufferedImage shot, Window window) {
		if (window.getBackground() == null) return true;
		int background = window.getBackground().getRGB();
		return shot.getRGB(2, 2) == background && shot.getRGB(shot.getWidth() - 3, shot.getHeight() - 3) == background;
	}

	/**
	 * Opens the drop-down labelled {@code key} with a mouse click, captures the dialog's upper part with the list
	 * unfolded over it, and closes the list with a second click on the same drop-down, which keeps the selection.
	 */
	private static void screenshotOfOpenChoice(GenericDialog dialog, String key, Path png) throws Exception {
		Choice choice = choice(dialog, key);
		if (choice == null) throw new IllegalStateException("no drop-down " + key + " in " + dialog.getTitle());
		String selected = choice.getSelectedItem();
		Point at = choice.getLocationOnScreen();
		Robot robot = new Robot();
		robot.mouseMove(at.x + choice.getWidth() / 2, at.y + choice.getHeight() / 2);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		Thread.sleep(1000);
		Rectangle bounds = onScreen(dialog);
		ImageIO.write(robot.createScreenCapture(new Rectangle(bounds.x, bounds.y, bounds.width, bounds.height / 2)),
			"png", png.toFile());
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		Thread.sleep(500);
		if (!selected.equals(choice.getSelectedItem()))
			throw new IllegalStateException(key + " changed to " + choice.getSelectedItem() + " when the list closed");
	}

	/** The drop-down after the label {@code key}, or null. */
	private static Choice choice(Container container, String key) {
		Component[] components = container.getComponents();
		for (int i = 0; i < components.length; i++) {
			if (components[i] instanceof Label label && key.equals(label.getText()) && i + 1 < components.length &&
				components[i + 1] instanceof Choice found) return found;
			Choice inside = components[i] instanceof Container inner ? choice(inner, key) : null;
			if (inside != null) return inside;
		}
		return null;
	}

	/**
	 * The segmented image with its overlay picture and the ROI Manager holding the objects, side by side, as
	 * the user sees them after U-Net Segment.
	 */
	private static void screenshotOfTheSegmentation(Path png) throws Exception {
		ImageWindow picture = WindowManager.getImage(WindowManager.getIDList()[WindowManager.getIDList().length - 1])
			.getWindow();
		RoiManager manager = RoiManager.getInstance();
		ImagePlus image = WindowManager.getImage(WindowManager.getIDList()[0]);
		image.getWindow().setLocation(0, 120);
		picture.setLocation(image.getWindow().getWidth(), 120);
		manager.setLocation(picture.getX() + picture.getWidth(), 120);
		EventQueue.invokeAndWait(() -> {
			image.getWindow().toFront();
			picture.toFront();
			manager.toFront();
			manager.runCommand("Show All");
		});
		Thread.sleep(1500);
		Rectangle area = new Rectangle(0, 120, manager.getX() + manager.getWidth(),
			Math.max(picture.getHeight(), manager.getHeight()));
		ImageIO.write(new Robot().createScreenCapture(area), "png", png.toFile());
	}

	/** The Plugins &gt; U-Net menu as ImageJ built it, opened below ImageJ's menu bar and captured. */
	private static void screenshotOfTheMenu(Path png) throws Exception {
		Frame ij = IJ.getInstance();
		Menu uNet = subMenu(Menus.getMenuBar(), "Plugins", "U-Net");
		PopupMenu shown = new PopupMenu("Plugins > U-Net");
		for (int i = 0; i < uNet.getItemCount(); i++)
			shown.add(uNet.getItem(i).getLabel());
		ij.add(shown);
		int x = 10, y = 40;
		EventQueue.invokeAndWait(() -> shown.show(ij, x, y));
		Thread.sleep(1500);
		Rectangle area = ij.getBounds();
		area.height += 140;
		area.width = Math.max(area.width, 400);
		ImageIO.write(new Robot().createScreenCapture(area), "png", png.toFile());
		EventQueue.invokeAndWait(() -> ij.remove(shown));
	}

	private static Menu subMenu(MenuBar bar, String menu, String sub) {
		for (int m = 0; m < bar.getMenuCount(); m++)
			if (menu.equals(bar.getMenu(m).getLabel())) {
				Menu plugins = bar.getMenu(m);
				for (int i = 0; i < plugins.getItemCount(); i++)
					if (plugins.getItem(i) instanceof Menu found && sub.equals(found.getLabel())) return found;
			}
		throw new IllegalStateException("no menu " + menu + " > " + sub);
	}
}
